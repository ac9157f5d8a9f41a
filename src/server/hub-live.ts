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
 *
 * The hub's own socket (`GET /api/hub/v1/live`, routes/hub-live-route.ts) is one these pages
 * attach with `own`: it carries nothing of the lab's (no lock snapshots), so a manager or a
 * guest off loopback, who has no server token, hears the hub without it. Only those sockets
 * hear `hub-lock` `state` (a visible lock's bolt, battery or door changed, from the host's
 * change notices, at most once per HUB_LIVE_STATE_GAP_MS per lock, in the same bounded batch
 * as alerts and lock changes); at most HUB_LIVE_MAX_PER_PERSON of them per person; and one
 * whose session or token ended is closed (1008), at once when the hub says a way in ended
 * (a person or token revoked, a sign-out), else at the next minute's check.
 */
import type { WebSocket } from "ws";
import type { Actor, Hub, SyncChange } from "../hub/index.ts";
import type { HubHostChange } from "../hub/host-port.ts";
import { changedLockId } from "../hub/host-port.ts";
import { HUB_API_PREFIX, SESSION_COOKIE } from "./routes/hub-api.ts";

export const HUB_LIVE_FLUSH_MS = 100;
export const HUB_LIVE_MAX_PER_FLUSH = 200;
export const HUB_LIVE_RECHECK_MS = 60_000;
/** Sockets of one person on the hub's own path (the 64 of the edge are shared by everyone). */
export const HUB_LIVE_MAX_PER_PERSON = 8;
/** A lock's `state` notice goes out at most this often (the page then reads the state over HTTP). */
export const HUB_LIVE_STATE_GAP_MS = 1000;
/** The close code of a socket refused or ended by policy (RFC 6455 §7.4.1), and of one too many. */
const CLOSE_POLICY = 1008;
const CLOSE_TRY_LATER = 1013;

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
        change: "added" | "renamed" | "removed" | "recreated" | "unmanaged" | "managed" | "state";
      };
    }
  | { type: "hub-overflow"; alerts: number; lock_codes: number };

interface Listener {
  readonly socket: WebSocket;
  actor: Actor;
  readonly recheck: () => Promise<Actor | undefined>;
  checkedAtMs: number;
  /** On the hub's own path (/api/hub/v1/live): hears `state`, is closed when its session ends. */
  readonly own: boolean;
}

/** What waits for the next flush in the bounded bucket: alerts, lock changes, lock states. */
type Pending = SyncChange | { type: "lock-state"; lockId: string };

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
  private pendingAlerts: Pending[] = [];
  private droppedAlerts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly siteOfLock = new Map<string, string | null>();
  private readonly offHost: () => void;
  private readonly offAccess: () => void;
  /** When each lock's last `state` notice was queued, and the one held back to send after the gap. */
  private readonly stateQueuedAt = new Map<string, number>();
  private readonly stateHeld = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly hub: Hub,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = hub.subscribe((change) => this.collect(change));
    this.offHost = hub.source.subscribe((change) => this.hostChanged(change));
    this.offAccess = hub.onAccessEnded(() => void this.recheckSessions(true).catch(() => {}));
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

  /**
   * Starts sending the hub's changes this person may see to this socket. `own`: the hub's own
   * path; false (and the socket closed, 1013) when the person has HUB_LIVE_MAX_PER_PERSON there.
   */
  attach(
    socket: WebSocket,
    actor: Actor,
    recheck: () => Promise<Actor | undefined>,
    options: { own?: boolean } = {},
  ): boolean {
    const own = options.own ?? false;
    if (own && this.ownSocketsOf(actor.id) >= HUB_LIVE_MAX_PER_PERSON) {
      socket.close(CLOSE_TRY_LATER, `at most ${HUB_LIVE_MAX_PER_PERSON} live sockets per person`);
      return false;
    }
    const listener: Listener = { socket, actor, recheck, checkedAtMs: this.now(), own };
    this.listeners.add(listener);
    socket.once("close", () => this.listeners.delete(listener));
    return true;
  }

  get attached(): number {
    return this.listeners.size;
  }

  /** This person's sockets on the hub's own path now. */
  ownSocketsOf(personId: string): number {
    let n = 0;
    for (const l of this.listeners) if (l.own && l.actor.id === personId) n++;
    return n;
  }

  close(): void {
    this.unsubscribe();
    this.offHost();
    this.offAccess();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.stateHeld.values()) clearTimeout(t);
    this.stateHeld.clear();
    this.listeners.clear();
  }

  /**
   * A host lock changed (bolt, battery, door…): the hub's own sockets hear `state`, at most once
   * per HUB_LIVE_STATE_GAP_MS per lock; a change within the gap is held and sent at its end.
   */
  private hostChanged(change: HubHostChange): void {
    const id = changedLockId(change);
    if (id === undefined) return;
    if (change.type === "removed") {
      this.stateQueuedAt.delete(id);
      const held = this.stateHeld.get(id);
      if (held) clearTimeout(held);
      this.stateHeld.delete(id);
      return;
    }
    if (change.type !== "changed" || this.stateHeld.has(id)) return;
    if (![...this.listeners].some((l) => l.own)) return;
    const wait = (this.stateQueuedAt.get(id) ?? -Infinity) + HUB_LIVE_STATE_GAP_MS - this.now();
    if (wait <= 0) {
      this.queueState(id);
      return;
    }
    const held = setTimeout(() => {
      this.stateHeld.delete(id);
      this.queueState(id);
    }, wait);
    held.unref?.();
    this.stateHeld.set(id, held);
  }

  private queueState(lockId: string): void {
    this.stateQueuedAt.set(lockId, this.now());
    this.collect({ type: "lock-state", lockId });
  }

  private collect(change: Pending): void {
    if (this.listeners.size === 0) return;
    if (change.type !== "lock-code") {
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
    if (overflowAlerts === 0)
      for (const a of alerts) {
        const s = a.type === "lock-state" ? await this.scopeState(a.lockId) : await this.scope(a);
        if (s) scoped.push(s);
      }
    if (overflowCodes === 0) for (const c of codes) scoped.push(await this.scope(c));
    for (const l of this.listeners) {
      for (const s of scoped) if (this.mayHear(l, s)) send(l.socket, s.message);
      if (overflowCodes > 0 || overflowAlerts > 0)
        send(l.socket, {
          type: "hub-overflow",
          alerts: l.actor.role === "guest" ? 0 : overflowAlerts,
          lock_codes: overflowCodes,
        });
    }
    this.siteOfLock.clear();
  }

  /** Each session again once a minute; `all`: every one now (the hub said a way in ended). */
  private async recheckSessions(all = false): Promise<void> {
    const now = this.now();
    for (const l of [...this.listeners]) {
      if (!all && now - l.checkedAtMs < HUB_LIVE_RECHECK_MS) continue;
      l.checkedAtMs = now;
      const actor = await l.recheck().catch(() => undefined);
      if (!this.listeners.has(l)) continue; // closed, or ended by another check meanwhile
      if (actor) l.actor = actor;
      else {
        this.listeners.delete(l);
        send(l.socket, {
          type: "error",
          error: {
            code: "auth.invalid",
            message: `signed out, revoked or the session expired: sign in again (${HUB_API_PREFIX}/session) to hear the hub`,
          },
        });
        // The hub's own socket carries nothing else: it ends with the session.
        if (l.own && l.socket.readyState === l.socket.OPEN)
          l.socket.close(CLOSE_POLICY, "signed out, revoked or the session expired");
      }
    }
  }

  /** A host lock's `state`: about a lock under the hub only (its site); none for a lock it does not know. */
  private async scopeState(lockId: string): Promise<Scoped | undefined> {
    const siteId = await this.siteOf(lockId);
    if (siteId === null) return undefined;
    return {
      siteId,
      personId: null,
      key: "lock-state",
      message: { type: "hub-lock", lock: { id: lockId, site_id: siteId, change: "state" } },
    };
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
  private mayHear(l: Listener, s: Scoped): boolean {
    const actor = l.actor;
    // A lock's state goes to the hub's own sockets only (/api/live has the lab's snapshots).
    if (s.key === "lock-state" && (!l.own || actor.role === "guest")) return false;
    if (actor.role === "owner") return true;
    if (actor.role === "guest") return s.key === "lock-code" && s.personId === actor.id;
    return s.siteId !== null && actor.siteIds.includes(s.siteId);
  }
}

function send(socket: WebSocket, message: HubLiveMessage | { type: "error"; error: object }): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
