/**
 * Who may do what (issue 10, item 1): an owner everything; a manager codes, locks and history
 * of the sites they manage, never people or ownership; a guest only reads their own codes
 * and their schedules. One function decides, so every route asks the same question.
 */
import type { Person } from "./model.ts";

export type HubAction =
  | "site.read"
  | "site.write"
  | "person.read"
  | "person.write"
  | "lock.read"
  | "lock.write"
  | "code.read"
  | "code.write"
  | "history.read"
  | "alert.read"
  | "webhook.write"
  /** Issue 14: publishing firmware builds and fleet rollouts (the owner's alone). */
  | "firmware.write";

/** What the action touches: a site, and for codes the person a code belongs to. */
export interface ActionScope {
  readonly siteId?: string | null;
  readonly personId?: string | null;
}

export type Decision = { ok: true } | { ok: false; code: "auth.forbidden"; reason: string };

const allowed: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, code: "auth.forbidden", reason });

export function authorize(
  actor: Pick<Person, "id" | "role" | "siteIds">,
  action: HubAction,
  scope: ActionScope = {},
): Decision {
  switch (actor.role) {
    case "owner":
      return allowed;
    case "manager": {
      if (action === "person.write" || action === "site.write" || action === "webhook.write") {
        return deny("a manager manages codes and history, not people, sites or ownership");
      }
      if (action === "firmware.write")
        return deny("firmware builds and fleet rollouts are the owner's: a bad build reaches every site");
      if (action === "person.read") return allowed; // to pick whom a code is for
      if (action === "site.read" && scope.siteId === undefined) return allowed; // lists are filtered
      if (scope.siteId === undefined || scope.siteId === null) return allowed;
      return actor.siteIds.includes(scope.siteId) ? allowed : deny("this site is not one you manage");
    }
    case "guest": {
      if (action === "code.read") {
        if (scope.personId === undefined) return allowed; // lists are filtered to their own
        return scope.personId === actor.id ? allowed : deny("a guest sees only their own codes");
      }
      return deny("a guest can only read their own codes and their schedules");
    }
  }
}

/** Sites an actor may see, or "all". */
export function visibleSites(actor: Pick<Person, "role" | "siteIds">): readonly string[] | "all" {
  if (actor.role === "owner") return "all";
  if (actor.role === "manager") return actor.siteIds;
  return [];
}
