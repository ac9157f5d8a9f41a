/**
 * Calls to the hub's API (/api/hub/v1, docs/hub.md) for the companion app. The session is the
 * HttpOnly cookie the hub sets at sign-in, so nothing here holds a secret; every refusal comes
 * back as a HubError with the hub's stable code and message.
 */
import type * as T from "./hub-types.ts";

export const HUB = "/api/hub/v1";

export class HubError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<R>(method: string, path: string, body?: unknown): Promise<R> {
  let res: Response;
  try {
    res = await fetch(`${HUB}${path}`, {
      method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    // fetch refuses with a bare TypeError, which the pages' handlers took for no error at all:
    // an action while the hub was down showed nothing.
    throw new HubError("network", "the hub did not answer", 0);
  }
  if (res.status === 204) return undefined as R;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new HubError(err?.code ?? "server.bug", err?.message ?? `HTTP ${res.status}`, res.status);
  }
  return data as R;
}

const q = (params: object): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params) as [string, unknown][])
    if (v !== undefined && v !== "") s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : "";
};

/** Pages read at most for one list of codes (the hub's pages hold 1,000: 20,000 codes). */
const MAX_CODE_PAGES = 20;

/**
 * Every code the person may see, page after page: the hub answers the oldest 1,000 first, so a
 * property with more live codes (guests' ended stays are kept until deleted) lost its newest —
 * today's guest — from the Codes page.
 */
async function allCodes(filter: { lock_id?: string; person_id?: string }): Promise<T.AccessCode[]> {
  const out: T.AccessCode[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_CODE_PAGES; page++) {
    const r: { access_codes: T.AccessCode[]; pagination?: { next_page_cursor: string | null } } = await call(
      "GET",
      `/access_codes${q({ ...filter, ...(cursor ? { page_cursor: cursor } : {}) })}`,
    );
    out.push(...r.access_codes);
    cursor = r.pagination?.next_page_cursor ?? null;
    if (!cursor) break;
  }
  return out;
}

/**
 * Every host lock not yet under the hub, page after page: the hub answers 1,000 a page, and a
 * host serving more over the broker showed only its first 1,000 in _Add a lock_.
 */
async function allHostLocks(): Promise<T.HostLock[]> {
  const out: T.HostLock[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_CODE_PAGES; page++) {
    const r: { host_locks: T.HostLock[]; pagination?: { next_page_cursor: string | null } } = await call(
      "GET",
      `/host_locks${q(cursor ? { page_cursor: cursor } : {})}`,
    );
    out.push(...r.host_locks);
    cursor = r.pagination?.next_page_cursor ?? null;
    if (!cursor) break;
  }
  return out;
}

export const hub = {
  me: () => call<{ person: T.Me }>("GET", "/me").then((r) => r.person),
  setUp: (body: { token: string; name: string; id?: string; password: string }) =>
    call<{ person: T.Person }>("POST", "/setup", body).then((r) => r.person),
  signIn: (personId: string, password: string) =>
    call<{ person: T.Person }>("POST", "/session", { person_id: personId, password }).then((r) => r.person),
  signOut: () => call<void>("DELETE", "/session"),

  lockStates: () => call<{ locks: T.LockState[] }>("GET", "/lock_states").then((r) => r.locks),
  lockState: (id: string) =>
    call<{ lock: T.LockState }>("GET", `/locks/${encodeURIComponent(id)}/state`).then((r) => r.lock),
  remote: (id: string, action: "lock" | "unlock", code?: string) =>
    call<{ lock: T.LockState }>(
      "POST",
      `/locks/${encodeURIComponent(id)}/${action}`,
      code ? { code } : {},
    ).then((r) => r.lock),
  settings: (id: string, body: { settings?: Record<string, number | boolean>; mode?: string }) =>
    call<{ lock: T.LockState }>("POST", `/locks/${encodeURIComponent(id)}/settings`, body).then(
      (r) => r.lock,
    ),
  hostLocks: allHostLocks,
  /**
   * Takes a lock off the hub's care (`false`: its codes leave it, its alerts close, it leaves the
   * list) or brings it back (`true`); asking twice changes nothing.
   */
  setManaged: (id: string, managed: boolean) =>
    call<{ lock: T.OffCareLock }>("PATCH", `/locks/${encodeURIComponent(id)}`, { managed }).then(
      (r) => r.lock,
    ),
  /** The locks taken off the hub's care (the first 1,000: far more than a property retires). */
  offCareLocks: () =>
    call<{ locks: T.OffCareLock[] }>("GET", "/locks?managed=false&limit=1000").then((r) => r.locks),
  addLock: (body: { lock_id: string; site_id: string; name?: string }) =>
    call<unknown>("POST", "/locks", body),
  adopt: (lockId: string, slot: number, body: { name: string; code: string; person_id?: string }) =>
    call<{ access_code: T.AccessCode }>(
      "POST",
      `/locks/${encodeURIComponent(lockId)}/unmanaged_codes/${slot}/adopt`,
      body,
    ).then((r) => r.access_code),

  sites: () => call<{ sites: T.Site[] }>("GET", "/sites").then((r) => r.sites),
  addSite: (body: { name: string; time_zone: string; id?: string }) =>
    call<{ site: T.Site }>("POST", "/sites", body).then((r) => r.site),
  people: () => call<{ people: T.Person[] }>("GET", "/people").then((r) => r.people),
  addPerson: (body: { name: string; role: T.Role; site_ids?: string[]; id?: string }) =>
    call<{ person: T.Person }>("POST", "/people", body).then((r) => r.person),
  /** A one-time link for the person to choose their password (owner only; a week; one use). */
  invite: (id: string) =>
    call<{ invite: { person_id: string; path: string; expires_at: string } }>(
      "POST",
      `/people/${encodeURIComponent(id)}/invite`,
    ).then((r) => r.invite),
  acceptInvite: (token: string, password: string) =>
    call<{ person: { id: string; name: string; role: T.Role } }>("POST", "/invite", { token, password }).then(
      (r) => r.person,
    ),
  /** Ends a person's access: their codes leave every lock, their sessions and links end. */
  revokePerson: (id: string) =>
    call<{ person: T.Person }>("POST", `/people/${encodeURIComponent(id)}/revoke`).then((r) => r.person),
  setPassword: (id: string, password: string) =>
    call<void>("POST", `/people/${encodeURIComponent(id)}/password`, { password }),

  codes: (filter: { lock_id?: string; person_id?: string } = {}) => allCodes(filter),
  code: (id: string) =>
    call<{ access_code: T.AccessCode }>("GET", `/access_codes/${encodeURIComponent(id)}`).then(
      (r) => r.access_code,
    ),
  createCode: (body: T.CodeBody) =>
    call<{ access_code: T.AccessCode }>("POST", "/access_codes", body).then((r) => r.access_code),
  replaceCode: (id: string, body: T.CodeBody) =>
    call<{ access_code: T.AccessCode }>("POST", `/access_codes/${encodeURIComponent(id)}/replace`, body).then(
      (r) => r.access_code,
    ),
  deleteCode: (id: string) =>
    call<{ access_code: T.AccessCode }>("DELETE", `/access_codes/${encodeURIComponent(id)}`).then(
      (r) => r.access_code,
    ),
  retryCode: (id: string) =>
    call<{ access_code: T.AccessCode }>("POST", `/access_codes/${encodeURIComponent(id)}/retry`).then(
      (r) => r.access_code,
    ),
  checkCode: (code: string, siteId?: string) =>
    call<{ warnings: T.Issue[] }>(
      "POST",
      "/access_codes/check",
      siteId ? { code, site_id: siteId } : { code },
    ).then((r) => r.warnings),

  /** Starts updating the lock to the newest release for its model (202: read the status back). */
  updateFirmware: (lockId: string) =>
    call<{ firmware_update: T.FirmwareUpdate }>(
      "POST",
      `/locks/${encodeURIComponent(lockId)}/firmware_update`,
      {},
    ).then((r) => r.firmware_update),
  /** The lock's latest update through the hub, or null when it has had none. */
  firmwareUpdate: (lockId: string) =>
    call<{ firmware_update: T.FirmwareUpdate }>(
      "GET",
      `/locks/${encodeURIComponent(lockId)}/firmware_update`,
    ).then(
      (r) => r.firmware_update,
      (e: unknown) => {
        if (e instanceof HubError && e.code === "firmware_update.not-found") return null;
        throw e;
      },
    ),

  events: (filter: T.EventFilter) =>
    call<{ events: T.HubEvent[] }>("GET", `/events${q(filter)}`).then((r) => r.events),
  eventsCsvUrl: (filter: T.EventFilter) => `${HUB}/events${q({ ...filter, format: "csv" })}`,
  /**
   * Every open alert (the hub's most, 10,000): the Alerts and Care pages split one list, and a
   * page of the default 100 newest was all care reminders once a property had 100 doors, which
   * hid a jam or a dead battery from the Alerts page.
   */
  alerts: () => call<{ alerts: T.Alert[] }>("GET", "/alerts?limit=10000").then((r) => r.alerts),
  acknowledge: (id: number) => call<unknown>("POST", `/alerts/${id}/acknowledge`),
};
