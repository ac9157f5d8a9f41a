/**
 * B-SEC-4: "the app never shows a full code to a user who is not allowed to manage codes".
 * A guest reads their own code — its schedule, its status on each lock, its warnings — but not
 * its digits: the person who manages the lock gives the guest the code, as the guides' owners
 * do (a text before the stay), and a guest's session or token that leaks gives away no way in.
 * Digits stay a string of the same length, each digit a "•" (the shape scripts rely on keeps
 * its type; the length tells the guest how many digits to expect), and a warning that quotes
 * the digits (code.weak-common) is masked the same way. Everyone who may manage the code's
 * site (owner, its managers) sees the digits.
 */
import type { AccessCode, Issue, LockCodeState, Person } from "./model.ts";
import { authorize } from "./permissions.ts";

const HIDDEN_DIGIT = "•";

export function maskDigits(code: string): string {
  return HIDDEN_DIGIT.repeat(code.length);
}

/** The code as `actor` may see it: whole for those who may manage it, digits hidden for others. */
export function codeAsShownTo<T extends { accessCode: AccessCode; locks: readonly LockCodeState[] }>(
  actor: Pick<Person, "id" | "role" | "siteIds">,
  view: T,
): T {
  const code = view.accessCode;
  const mayManage = authorize(actor, "code.write", { siteId: code.siteId, personId: code.personId }).ok;
  if (mayManage) return view;
  const digits = code.code;
  const hide = (issues: readonly Issue[]): Issue[] =>
    issues.map((i) =>
      i.message.includes(digits) ? { ...i, message: i.message.replaceAll(digits, maskDigits(digits)) } : i,
    );
  return {
    ...view,
    accessCode: { ...code, code: maskDigits(digits), warnings: hide(code.warnings) },
    locks: view.locks.map((l) => ({ ...l, errors: hide(l.errors), warnings: hide(l.warnings) })),
  };
}
