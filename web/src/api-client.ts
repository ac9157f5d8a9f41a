/**
 * HTTP calls to the lock server. Actions go out one at a time, in order, so a key's release
 * never overtakes its press; every answer carries the lock's new snapshot, which goes
 * straight into the store (the WebSocket brings everyone else's changes).
 */
import type {
  CreateLockBody,
  DoctorAnswerBody,
  DoctorDoBody,
  DoctorResult,
  DoctorSession,
  DoctorStartBody,
  DoorBody,
  FaultCatalogue,
  FixBody,
  ImportLockBody,
  KeyActionBody,
  LockSnapshot,
  MatterPairing,
  PackBody,
  PairingResult,
  ProfileSummary,
  SupportReport,
  SymptomList,
  TimeBody,
  TurnBody,
} from "./api-types.ts";
import { store } from "./store.ts";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

let queue: Promise<unknown> = Promise.resolve();

/** What the page says when the server cannot be reached (fetch only says "Failed to fetch"). */
export const UNREACHABLE =
  "The lock server does not answer, so nothing was done. Is it still running? The page reconnects by itself when it is back.";

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError("server.unreachable", UNREACHABLE, 0);
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(err?.code ?? "server.bug", err?.message ?? `HTTP ${res.status}`, res.status);
  }
  return data as T;
}

/** Runs calls in order; an error is shown to the person (unless `quiet` says it is expected) and passed on. */
function call<T>(method: string, path: string, body?: unknown, quiet?: (e: ApiError) => boolean): Promise<T> {
  const result = queue.then(() => send<T>(method, path, body));
  queue = result.catch(() => undefined);
  return result.catch((e: unknown) => {
    if (!(e instanceof ApiError && quiet?.(e)))
      store.showError(e instanceof ApiError ? `${e.message} (${e.code})` : String(e));
    throw e;
  });
}

const matterPath = (id: string) => `/api/locks/${encodeURIComponent(id)}/matter`;
const doctorPath = (id: string, what = "") => `/api/locks/${encodeURIComponent(id)}/doctor${what}`;

/** A troubleshooting call: the lock's snapshot goes to the store, the session to the caller. */
function doctorCall(method: string, path: string, body?: unknown): Promise<DoctorSession> {
  return call<DoctorResult>(method, path, body).then((r) => {
    store.putLock(r.lock);
    return r.session;
  });
}

function lockAction(id: string, what: string, body: unknown): Promise<void> {
  return call<LockSnapshot>("POST", `/api/locks/${encodeURIComponent(id)}/${what}`, body).then(
    (snap) => store.putLock(snap),
    () => undefined,
  );
}

export const api = {
  profiles: () => call<{ profiles: ProfileSummary[] }>("GET", "/api/profiles").then((r) => r.profiles),
  locks: () => call<{ locks: LockSnapshot[] }>("GET", "/api/locks").then((r) => r.locks),
  createLock: (body: CreateLockBody) =>
    call<LockSnapshot>("POST", "/api/locks", body).then((snap) => {
      store.putLock(snap);
      return snap;
    }),
  /** A new lock from a scenario file's text (POST /api/locks/import). */
  importLock: (body: ImportLockBody) =>
    call<LockSnapshot>("POST", "/api/locks/import", body).then((snap) => {
      store.putLock(snap);
      return snap;
    }),
  removeLock: (id: string) =>
    call<void>("DELETE", `/api/locks/${encodeURIComponent(id)}`).then(() => store.removeLock(id)),
  key: (id: string, body: KeyActionBody) => lockAction(id, "keys", body),
  pack: (id: string, body: PackBody) => lockAction(id, "pack", body),
  door: (id: string, body: DoorBody) => lockAction(id, "door", body),
  turn: (id: string, body: TurnBody) => lockAction(id, "turn", body),
  time: (id: string, body: TimeBody) => lockAction(id, "time", body),
  /** A command from the app over the lock's radio; the lock's refusal is shown as it answered. */
  remote: (id: string, command: "lock" | "unlock") =>
    call<{ result: { ok: true } | { ok: false; code: string; reason: string }; lock: LockSnapshot }>(
      "POST",
      `/api/locks/${encodeURIComponent(id)}/remote`,
      { command },
    ).then(
      (r) => {
        store.putLock(r.lock);
        if (!r.result.ok)
          store.showError(`The lock did not ${command}: ${r.result.reason} (${r.result.code}).`);
      },
      () => undefined,
    ),
  /** Pairs the lock as its profile says (or removes it): what happened, or null when refused (shown). */
  pairing: (id: string, action: "pair" | "remove") =>
    call<PairingResult>(
      action === "pair" ? "POST" : "DELETE",
      `/api/locks/${encodeURIComponent(id)}/pairing`,
    ).then(
      (r) => {
        store.putLock(r.lock);
        return r.pairing;
      },
      () => null,
    ),
  faults: (id: string) => call<FaultCatalogue>("GET", `/api/locks/${encodeURIComponent(id)}/faults`),
  fault: (id: string, fault: string) => lockAction(id, "faults", { fault }),
  /**
   * A fix; one that erases the lock's setup (factory reset) is answered `fix.confirm-needed`
   * with what it erases: `confirm` shows that to the person, and only if they agree is the
   * fix sent again with `confirmErase`.
   */
  fix: (id: string, body: FixBody, confirm?: (warning: string) => boolean): Promise<void> =>
    call<LockSnapshot>(
      "POST",
      `/api/locks/${encodeURIComponent(id)}/fixes`,
      body,
      (e) => e.code === "fix.confirm-needed" && confirm !== undefined,
    ).then(
      (snap) => store.putLock(snap),
      (e: unknown) => {
        if (e instanceof ApiError && e.code === "fix.confirm-needed" && confirm?.(e.message))
          return lockAction(id, "fixes", { ...body, confirmErase: true });
        return undefined;
      },
    ),
  /** The lock's support report (seed 000's five items, telemetry, history, scenario file). */
  supportReport: (id: string) =>
    call<SupportReport>("GET", `/api/locks/${encodeURIComponent(id)}/support-report`),
  symptoms: () => call<SymptomList>("GET", "/api/doctor/symptoms").then((r) => r.symptoms),
  /** The lock's troubleshooting session, or null when it has none. */
  doctor: (id: string) =>
    call<DoctorResult>("GET", doctorPath(id), undefined, (e) => e.code === "doctor.no-session").then(
      (r) => r.session,
      (e: unknown) => {
        if (e instanceof ApiError && e.code === "doctor.no-session") return null;
        throw e;
      },
    ),
  doctorStart: (id: string, body: DoctorStartBody) => doctorCall("POST", doctorPath(id), body),
  doctorAnswer: (id: string, body: DoctorAnswerBody) => doctorCall("POST", doctorPath(id, "/answer"), body),
  doctorDo: (id: string, body: DoctorDoBody) => doctorCall("POST", doctorPath(id, "/do"), body),
  doctorEnd: (id: string) => call<void>("DELETE", doctorPath(id)),
  /** The lock's Matter pairing data, or null when it is not a Matter node (docs/matter.md). */
  matter: (id: string) =>
    call<MatterPairing>("GET", matterPath(id), undefined, (e) => e.code === "matter.disabled").then(
      (r) => r,
      (e: unknown) => {
        if (e instanceof ApiError && e.code === "matter.disabled") return null;
        throw e;
      },
    ),
  /** Makes the lock a Matter node (or stops it being one); a refusal is shown and passed on. */
  matterEnable: (id: string) => call<MatterPairing>("POST", matterPath(id)),
  matterDisable: (id: string) => call<void>("DELETE", matterPath(id)),
  /** Where the pairing QR code is drawn (an SVG image). */
  matterQrUrl: (id: string) => `${matterPath(id)}/qr`,
};
