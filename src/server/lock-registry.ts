/**
 * The server's view of the host: it finds a lock or answers 404, makes a lock from a
 * scenario-style lock block (so the page's "new lock" form and a scenario file describe a
 * lock in the same words), and turns the host's refusals into the API's errors. The locks
 * themselves live in the host (src/host/), which outlives the HTTP layer.
 */
import type { HostedLock, LockHost, LockSetup, Outcome } from "../host/index.ts";
import { PROFILE_IDS } from "../core/profiles/index.ts";
import { exportScenario } from "../scenario/export-scenario.ts";
import { parseScenario } from "../scenario/parse-scenario.ts";
import { HttpError, isErrorCode } from "./http-error.ts";
import { MAX_LOCKS } from "./security/limits.ts";

export interface RegistryListener {
  changed(lock: HostedLock): void;
  removed(id: string): void;
}

/** A host outcome as the API answers it: the value, or the refusal as an HttpError. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new HttpError(isErrorCode(outcome.code) ? outcome.code : "lock.refused", outcome.reason);
}

export class LockRegistry {
  constructor(readonly host: LockHost) {}

  listen(l: RegistryListener): () => void {
    return this.host.subscribe((change) => {
      if (change.type === "removed") return l.removed(change.id);
      const lock = this.host.get(change.id);
      if (lock) l.changed(lock);
    });
  }

  all(): HostedLock[] {
    return this.host.all();
  }

  get(id: string): HostedLock {
    const lock = this.host.get(id);
    if (!lock) throw new HttpError("lock.unknown", `there is no lock "${id}"`);
    return lock;
  }

  /** Runs an action on a lock; a refusal becomes the API's error and the lock is unchanged. */
  act<T>(id: string, action: (lock: HostedLock) => T): T {
    return unwrap(this.host.act(id, action));
  }

  create(setup: Omit<LockSetup, "line">, name?: string, id?: string): HostedLock {
    // A count bound like every other (docs/security.md): refused before anything is made.
    if (this.host.size >= MAX_LOCKS)
      throw new HttpError(
        "lock.too-many",
        `this server already runs ${this.host.size} locks (at most ${MAX_LOCKS}); delete one first`,
      );
    return unwrap(
      this.host.create({
        setup,
        ...(name === undefined ? {} : { name }),
        ...(id === undefined ? {} : { id }),
      }),
    );
  }

  /**
   * The lock as a scenario file: what the person told the page (their code, the programming
   * code) is written where it matches the stored hashes; other codes are placeholders.
   */
  exportScenario(id: string): string {
    const lock = this.get(id);
    return exportScenario(lock.twin, {
      title: lock.name,
      source: lock.id,
      packKind: lock.packKind,
      person: lock.personKnows,
      exportedAt: new Date(),
    }).text;
  }

  /**
   * A new lock from a scenario file's lock block. The file is read by the scenario parser (which
   * never throws and bounds aliases, steps and lock time); any problem refuses it, nothing made.
   */
  importScenario(text: string, name?: string, id?: string): HostedLock {
    const parsed = parseScenario(text, "upload", { profileIds: PROFILE_IDS });
    if (!parsed.ok) {
      const shown = parsed.problems.slice(0, 5).map((p) => `line ${p.line}: ${p.reason}`);
      const more = parsed.problems.length > 5 ? `; and ${parsed.problems.length - 5} more` : "";
      throw new HttpError("scenario.invalid", `not a scenario file: ${shown.join("; ")}${more}`);
    }
    const { line: _line, lines: _lines, ...setup } = parsed.scenario.lock;
    // The title may run over lines (an exported name, a YAML block): the name is one line.
    const title = parsed.scenario.title.replace(/[\p{Cc}\p{Cs}]+/gu, " ").trim();
    const short = [...title].slice(0, 40).join("").trim();
    return this.create(setup, name ?? (short === "" ? undefined : short), id);
  }

  remove(id: string): void {
    unwrap(this.host.remove(id));
  }
}
