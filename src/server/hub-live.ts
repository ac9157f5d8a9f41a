/**
 * The hub's half of the live socket (`/api/live`, issue 10 item 5 "delivered on the WebSocket"):
 * a page signed in to the hub (its session cookie, or `Authorization: Bearer` for a script)
 * hears alerts opening and closing, access-code statuses per lock as the hub records them, and
 * locks coming under the hub or renamed (`hub-lock`: a Locks page open on another device shows
 * a lock someone just added), each only if the person may see it (owner: all; manager: their
 * sites; guest: their own codes' statuses, no alerts, no locks). A page not signed in hears none of it.
 *
 * Bounded like the rest of the socket (docs/security.md): changes are gathered for
 * HUB_LIVE_FLUSH_MS and the latest status per code and lock is sent; more than
 * HUB_LIVE_MAX_PER_FLUSH of a kind in one flush become one `hub-overflow` message saying how
 * many (the page reloads them over HTTP), so a fleet-wide change cannot flood a page; the
 * socket's own limits (4 MiB behind → dropped, 64 clients) still apply. The session is checked
 * again every HUB_LIVE_RECHECK_MS: signed out or expired, the page stops hearing the hub.
 */
import type { WebSocket } from "ws";
import type { Actor, Hub, SyncChange } from "../hub/index.ts";
import { HUB_API_PREFIX, SESSION_COOKIE } from "./routes/hub-api.ts";

export const HUB_LIVE_FLUSH_MS = 100;
export const HUB_LIVE_MAX_PER_FLUSH = 200;
export const HUB_LIVE_RECHECK_MS = 60_000;

/** What a signed-in page hears (LiveServerMessage's hub variants). */
export type HubLiveMessage =
  | {
      type: "hub-alert";
      alert: { lock_id: string | null; site_id: string | null; kind: string; message: string };
    }
  | {
      type: "hub-alert-resolved";
      alert: {
        id: number;
        lock_id: string | null;
        site_id: string | null;
        kind: string;
        resolved_at: string;
      };
    }
  | {
      type: "hub-access-code";
      lock_code: {
        access_code_id: string;
        lock_id: string;
        status: string;
        slot: number | null;
        errors: { code: string; message: string; slot?: number }[];
        warnings: { code: string; message: string }[];
      };
    }
  | {
      type: "hub-lock";
      lock: {
        id: string;
        site_id: string;
        change: "added" | "renamed" | "removed" | "recreated" | "unmanaged" | "managed";
      };
    }
  | { type: "hub-overflow"; alerts: number; lock_codes: number };

interface Listener {
  readonly socket: WebSocket;
  actor: Actor;
  readonly recheck: () => Promise<Actor | undefined>;
  checkedAtMs: number;
}

/** What a change is about, looked up once for every page. */
interface Scoped {
  readonly siteId: string | null;
  readonly personId: string | null;
  readonly message: HubLiveMessage;
  readonly key: string;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (typeof header !== "string" || header.length > 8192) return undefined;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

export class HubLive {
  private readonly listeners = new Set<Listener>();
  private readonly unsubscribe: () => void;
  private pendingCodes = new Map<string, SyncChange>();
  private pendingAlerts: SyncChange[] = [];
  private droppedAlerts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly siteOfLock = new Map<string, string | null>();

  constructor(
    private readonly hub: Hub,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = hub.subscribe((change) => this.collect(change));
  }

  /**
   * The person behind an upgrade request, from the hub's session cookie or a bearer token;
   * undefined when none (the page then hears locks only).
   */
  async authenticate(headers: {
    cookie?: string | undefined;
    authorization?: string | undefined;
  }): Promise<{ actor: Actor; recheck: () => Promise<Actor | undefined> } | undefined> {
    const bearer = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(headers.authorization ?? "")?.[1];
    if (bearer) {
      const recheck = () => this.hub.authenticate(bearer);
      const actor = await recheck();
      return actor ? { actor, recheck } : undefined;
    }
    const session = cookieValue(headers.cookie, SESSION_COOKIE);
    if (!session) return undefined;
    const recheck = () => this.hub.sessions.personOf(session);
    const actor = await recheck();
    return actor ? { actor, recheck } : undefined;
  }

  /** Starts sending the hub's changes this person may see to this socket. */
  attach(socket: WebSocket, actor: Actor, recheck: () => Promise<Actor | undefined>): void {
    const listener: Listener = { socket, actor, recheck, checkedAtMs: this.now() };
    this.listeners.add(listener);
    socket.once("close", () => this.listeners.delete(listener));
  }

  get attached(): number {
    return this.listeners.size;
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private collect(change: SyncChange): void {
    if (this.listeners.size === 0) return;
    if (change.type === "alert" || change.type === "alert-resolved" || change.type === "lock") {
      // Alerts and lock changes are few; a storm of them is counted, not kept.
      if (this.pendingAlerts.length < HUB_LIVE_MAX_PER_FLUSH) this.pendingAlerts.push(change);
      else this.droppedAlerts++;
    } else {
      const key = `${change.state.accessCodeId}\u0000${change.state.lockId}`;
      this.pendingCodes.delete(key); // the latest goes last
      this.pendingCodes.set(key, change);
    }
    this.timer ??= setTimeout(() => void this.flush().catch(() => {}), HUB_LIVE_FLUSH_MS);
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const codes = [...this.pendingCodes.values()];
    const alerts = this.pendingAlerts;
    const droppedAlerts = this.droppedAlerts;
    this.pendingCodes = new Map();
    this.pendingAlerts = [];
    this.droppedAlerts = 0;
    await this.recheckSessions();
    if (this.listeners.size === 0) return;
    const overflowCodes = codes.length > HUB_LIVE_MAX_PER_FLUSH ? codes.length : 0;
    const overflowAlerts = droppedAlerts > 0 ? alerts.length + droppedAlerts : 0;
    const scoped: Scoped[] = [];
    if (overflowAlerts === 0) for (const a of alerts) scoped.push(await this.scope(a));
    if (overflowCodes === 0) for (const c of codes) scoped.push(await this.scope(c));
    for (const l of this.listeners) {
      for (const s of scoped) if (this.mayHear(l.actor, s)) send(l.socket, s.message);
      if (overflowCodes > 0 || overflowAlerts > 0)
        send(l.socket, {
          type: "hub-overflow",
          alerts: l.actor.role === "guest" ? 0 : overflowAlerts,
          lock_codes: overflowCodes,
        });
    }
    this.siteOfLock.clear();
  }

  private async recheckSessions(): Promise<void> {
    const now = this.now();
    for (const l of this.listeners) {
      if (now - l.checkedAtMs < HUB_LIVE_RECHECK_MS) continue;
      l.checkedAtMs = now;
      const actor = await l.recheck().catch(() => undefined);
      if (actor) l.actor = actor;
      else {
        this.listeners.delete(l);
        send(l.socket, {
          type: "error",
          error: {
            code: "auth.invalid",
            message: `signed out or the session expired: sign in again (${HUB_API_PREFIX}/session) to hear the hub`,
          },
        });
      }
    }
  }

  private async siteOf(lockId: string | null): Promise<string | null> {
    if (lockId === null) return null;
    if (!this.siteOfLock.has(lockId))
      this.siteOfLock.set(lockId, (await this.hub.repo.getLockRecord(lockId))?.siteId ?? null);
    return this.siteOfLock.get(lockId) ?? null;
  }

  private async scope(change: SyncChange): Promise<Scoped> {
    if (change.type === "lock")
      return {
        siteId: change.siteId,
        personId: null,
        key: "lock",
        message: {
          type: "hub-lock",
          lock: { id: change.lockId, site_id: change.siteId, change: change.change },
        },
      };
    if (change.type === "alert-resolved") {
      const a = change.alert;
      return {
        siteId: a.siteId ?? (await this.siteOf(a.lockId)),
        personId: null,
        key: "alert",
        message: {
          type: "hub-alert-resolved",
          alert: {
            id: a.id,
            lock_id: a.lockId,
            site_id: a.siteId,
            kind: a.kind,
            resolved_at: new Date(a.resolvedAtMs ?? this.now()).toISOString(),
          },
        },
      };
    }
    if (change.type === "alert") {
      const siteId = await this.siteOf(change.lockId);
      return {
        siteId,
        personId: null,
        key: "alert",
        message: {
          type: "hub-alert",
          alert: { lock_id: change.lockId, site_id: siteId, kind: change.kind, message: change.message },
        },
      };
    }
    const s = change.state;
    const code = await this.hub.repo.getAccessCode(s.accessCodeId);
    return {
      siteId: code?.siteId ?? (await this.siteOf(s.lockId)),
      personId: code?.personId ?? null,
      key: "lock-code",
      message: {
        type: "hub-access-code",
        lock_code: {
          access_code_id: s.accessCodeId,
          lock_id: s.lockId,
          status: s.status,
          slot: s.slot,
          errors: s.errors.map((e) => ({
            code: e.code,
            message: e.message,
            ...(e.slot === undefined ? {} : { slot: e.slot }),
          })),
          warnings: s.warnings.map((w) => ({ code: w.code, message: w.message })),
        },
      },
    };
  }

  /** The same rule as the API's reads: owner all, manager their sites, guest their own codes. */
  private mayHear(actor: Actor, s: Scoped): boolean {
    if (actor.role === "owner") return true;
    if (actor.role === "guest") return s.key === "lock-code" && s.personId === actor.id;
    return s.siteId !== null && actor.siteIds.includes(s.siteId);
  }
}

function send(socket: WebSocket, message: HubLiveMessage | { type: "error"; error: object }): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
