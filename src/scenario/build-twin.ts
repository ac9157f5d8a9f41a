/**
 * Turns a scenario's `lock:` block into a running twin (SCENARIOS.md "File"): the profile,
 * stored codes and programming code under the profile's rules, handing for `ready`,
 * settings, faults, the pack, the door, the air and the clock. A block the profile cannot
 * honour (a code that breaks B-CODE-4, an unknown setting) is a problem with its line.
 */
import type { LockProfile } from "../core/profile-types.ts";
import type { PersistentState } from "../core/state.ts";
import { getProfile } from "../core/profiles/index.ts";
import { factoryPersistentState } from "../core/factory-state.ts";
import type { DeviceSecret } from "../core/security/device-secret.ts";
import type { NonVolatileMemory } from "../core/ports/non-volatile-memory.ts";
import { checkNewCode, withSlot } from "../core/code-book.ts";
import { checkSettings } from "../core/radio-commands.ts";
import { LockTwin } from "../twin/lock-twin.ts";
import { injectFault, packForFault } from "../twin/faults.ts";
import type { PackKind } from "../twin/battery-pack.ts";
import type { Person } from "../twin/person.ts";
import type { FaultId } from "../twin/fault-ids.ts";
import type { LockSetup, ScenarioProblem } from "./scenario-types.ts";
import { toWeeklyWindow } from "./weekly-window.ts";

export { toWeeklyWindow };

export interface BuiltLock {
  readonly twin: LockTwin;
  /** The person at the lock: their code (the first listed) and the programming code. */
  readonly person: Person;
}

/**
 * `seed` varies the lock's chance events (missed presses, corrosion) between otherwise equal
 * locks; `secret` is the lock's own secret (B-SEC-7), drawn from the seed when not given.
 */
export function buildTwin(
  setup: LockSetup,
  file: string,
  opts: { seed?: number; secret?: DeviceSecret; nvm?: NonVolatileMemory } = {},
): BuiltLock | { problems: ScenarioProblem[] } {
  // At the field's own line when the parser gave it, else at `lock:`.
  const problem = (reason: string, line = setup.line): { problems: ScenarioProblem[] } => ({
    problems: [{ file, line, reason }],
  });
  const lines = setup.lines;
  const profile = getProfile(setup.profile);
  if (!profile) return problem(`unknown profile "${setup.profile}"`);
  const twin = new LockTwin({
    profile,
    startMs: setup.timeMs,
    temperatureC: setup.temperatureC,
    doorClosed: setup.door === "closed",
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.nvm === undefined ? {} : { nvm: opts.nvm }),
    ...(opts.secret === undefined ? {} : { secret: opts.secret }),
  });
  const stored = storedState(profile, twin, setup);
  if ("reason" in stored) return problem(stored.reason, stored.line);
  twin.writeStore(stored);

  let pack: PackKind = setup.batteries;
  const later: FaultId[] = [];
  const faultLine = (f: FaultId): number => lines?.faults[setup.faults.indexOf(f)] ?? setup.line;
  for (const f of setup.faults as FaultId[]) {
    const p = packForFault(f);
    if (p) pack = p;
    else later.push(f);
  }
  const programmingCode = setup.programmingCode ?? profile.codes.defaultProgrammingCode ?? undefined;
  const first = setup.codes[0];
  const person: Person = {
    ...(first ? { code: first.code, slot: first.slot } : {}),
    ...(programmingCode === undefined ? {} : { programmingCode }),
  };
  // Mechanical faults first; the pack goes in; then faults that need a running lock.
  const needsPower = new Set<FaultId>([
    "not-handed",
    "no-user-codes",
    "code-deleted",
    "code-expired",
    "code-capacity-full",
    "memory-corrupted",
    "keypad-lockout",
    "vacation-mode",
  ]);
  for (const f of later.filter((f) => !needsPower.has(f))) {
    const r = injectFault(twin, f, person);
    if (!r.ok) return problem(`fault ${f}: ${r.reason}`, faultLine(f));
  }
  twin.insertPack(pack);
  for (const f of later.filter((f) => needsPower.has(f))) {
    const r = injectFault(twin, f, person);
    if (!r.ok) return problem(`fault ${f}: ${r.reason}`, faultLine(f));
  }
  return { twin, person };
}

/** Why the `lock:` block cannot be stored, at the line of the field that says so. */
interface SetupProblem {
  reason: string;
  line: number;
}

function storedState(profile: LockProfile, twin: LockTwin, setup: LockSetup): PersistentState | SetupProblem {
  const lines = setup.lines;
  const at = (reason: string, line: number | undefined): SetupProblem => ({
    reason,
    line: line ?? setup.line,
  });
  // The lock as made: its factory state, with its own secret (written by the twin).
  const made = twin.persistent();
  if (!made) return at("the lock's store holds nothing readable", setup.line);
  let p = factoryPersistentState(profile, made.secret);
  if (setup.programmingCode !== undefined) {
    const check = checkNewCode(
      profile,
      { ...p, programmingCode: null },
      setup.programmingCode,
      "programming",
      null,
    );
    if (!check.ok)
      return at(`programmingCode "${setup.programmingCode}": ${check.reason}`, lines?.programmingCode);
    p = { ...p, programmingCode: check.stored };
  }
  for (const [i, c] of setup.codes.entries()) {
    const line = lines?.codes[i];
    if (c.slot > profile.codes.capacity)
      return at(`slot ${c.slot}: ${profile.id} has ${profile.codes.capacity} slots (B-CODE-3)`, line);
    const extras = {
      ...(c.validFrom === undefined ? {} : { validFromMs: c.validFrom }),
      ...(c.validUntil === undefined ? {} : { validUntilMs: c.validUntil }),
      ...(c.schedule === undefined ? {} : { weekly: toWeeklyWindow(c.schedule) }),
    };
    const check = checkNewCode(profile, p, c.code, "user", c.slot - 1, extras);
    if (!check.ok) return at(`code "${c.code}" in slot ${c.slot}: ${check.reason}`, line);
    p = withSlot(p, c.slot, check.stored);
  }
  // One setting at a time, so a problem is reported at that setting's own line.
  for (const [name, value] of Object.entries(setup.settings)) {
    const bad = checkSettings({ profile }, { [name]: value });
    if (bad) return at(`settings: ${bad}`, lines?.settings[name]);
  }
  p = { ...p, settings: { ...p.settings, ...(setup.settings as Record<string, number | boolean>) } };
  if (setup.state === "ready") p = { ...p, handing: twin.extendDrive, paired: profile.radio !== null };
  if (setup.paired !== undefined) {
    if (setup.paired && profile.radio === null)
      return at(`paired: ${profile.id} has no radio (B-HW-7)`, lines?.paired);
    p = { ...p, paired: setup.paired };
  }
  return p;
}
