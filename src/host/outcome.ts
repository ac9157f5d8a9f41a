/**
 * What the host answers: a value, never an exception, for anything a caller can get wrong
 * (ARCHITECTURE.md v2, host/). Inside the host an action that must stop throws a
 * `HostRefusal` before it changes anything; `attempt` turns it into `{ ok: false, code,
 * reason }`. Codes are stable and grouped by subsystem (`lock.unknown`, `key.absent`); the
 * server maps each to an HTTP status.
 */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export class HostRefusal extends Error {
  readonly code: string;

  constructor(code: string, reason: string) {
    super(reason);
    this.name = "HostRefusal";
    this.code = code;
  }
}

export function succeeded<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function refused<T = never>(code: string, reason: string): Outcome<T> {
  return { ok: false, code, reason };
}

/**
 * The value of an outcome that must have succeeded — for tests, benches and set-up code, where a
 * refusal is a broken premise: thrown as an Error that says its code and reason.
 */
export function valueOrThrow<T>(o: Outcome<T>): T {
  if (!o.ok) throw new Error(`${o.code}: ${o.reason}`);
  return o.value;
}

/** Runs `work`; a HostRefusal it throws becomes a refused outcome, anything else is a bug and rethrown. */
export function attempt<T>(work: () => T): Outcome<T> {
  try {
    return succeeded(work());
  } catch (e) {
    if (e instanceof HostRefusal) return refused(e.code, e.message);
    throw e;
  }
}
