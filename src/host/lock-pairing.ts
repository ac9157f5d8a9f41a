/**
 * Pairing and removal as a person does them from the page or a hub's API, following the lock's
 * profile (core/profiles/pairing-procedures.ts): Z-Wave inclusion on the SmartCode models (the
 * hub includes, the person presses the radio button A), the app adding a Halo to Wi-Fi or an
 * Aura over Bluetooth in range. The controller's side is `twin/pairing-actions.ts`.
 *
 * Everything that would make the procedure fail is checked first, so a refusal changes
 * nothing (no button pressed, no lock time spent). What happened is told back in words a
 * person follows, the profile's own instructions.
 */
import type { PairingMethod } from "../core/radio-types.ts";
import type { LockTwin } from "../twin/lock-twin.ts";
import { pairLock, unpairLock } from "../twin/pairing-actions.ts";
import { HostRefusal } from "./outcome.ts";

/** What a pairing or removal did, for the page and the API. */
export interface PairingAccount {
  readonly method: PairingMethod;
  /** What the hub or app does, and what the person does at the lock (the profile's words). */
  readonly controllerStep: string;
  readonly lockStep: string;
  /** What happened, in order, in words. */
  readonly steps: readonly string[];
}

function procedureOf(twin: LockTwin) {
  const pairing = twin.profile.pairing;
  if (pairing === null || twin.profile.radio === null)
    throw new HostRefusal("radio.absent", `${twin.profile.name} has no radio to pair (B-HW-7)`);
  return pairing;
}

/** The link must be up: a lock without power or out of reach hears no controller. */
function checkReachable(twin: LockTwin): void {
  if (!twin.powered)
    throw new HostRefusal("lock.offline", "the lock has no power: put a good pack in, then pair it");
  if (!twin.radioOnline)
    throw new HostRefusal(
      "lock.offline",
      "the lock is out of the controller's reach (B-NET-5): bring the hub or phone closer, then pair it",
    );
}

const WHO = { zwave: "the hub", wifi: "the app", bluetooth: "the app" } as const;

/**
 * Checks that the lock can be paired as its profile says (a HostRefusal when not) and returns
 * the procedure to run; nothing is done to the lock until it is run.
 */
export function planPairing(twin: LockTwin): () => PairingAccount {
  procedureOf(twin);
  checkReachable(twin);
  const who = WHO[twin.profile.radio ?? "zwave"];
  const status = twin.radioStatus();
  if (status.paired)
    throw new HostRefusal(
      "lock.paired",
      `the lock is already paired with ${who}: remove it first to pair it again`,
    );
  return () => runPairing(twin);
}

function runPairing(twin: LockTwin): PairingAccount {
  const pairing = procedureOf(twin);
  const who = WHO[twin.profile.radio ?? "zwave"];
  const base = {
    method: pairing.method,
    controllerStep: pairing.controllerStep,
    lockStep: pairing.lockStep,
  };
  if (twin.persistent()?.paired === true) {
    // The lock still counts itself in the network its controller forgot (a new hub, a reset
    // hub: FAULTS.md hub-unpaired): the controller adds it again, as the repair-hub fix does.
    twin.hubKnowsLock = true;
    return {
      ...base,
      steps: [
        `${capital(who)}: ${pairing.controllerStep}.`,
        `The lock still had its pairing, so ${who} took it back in.`,
      ],
    };
  }
  const steps = [`${capital(who)}: ${pairing.controllerStep}.`];
  if (pairing.atLock === "press-radio-button") steps.push(`You: ${pairing.lockStep}.`);
  const outcome = pairLock(twin);
  if (!outcome.ok) throw new HostRefusal(pairingCode(outcome.code), `pairing failed: ${outcome.reason}`);
  twin.hubKnowsLock = true;
  steps.push(
    pairing.atLock === "press-radio-button"
      ? `The lock announced itself and ${who} took it in (${signalWords(pairing.pairedSignal)}).`
      : `The lock joined (${signalWords(pairing.pairedSignal)}).`,
  );
  return { ...base, steps };
}

/** Checks that the lock can be removed from its controller and returns the removal to run. */
export function planRemoval(twin: LockTwin): () => PairingAccount {
  procedureOf(twin);
  const who = WHO[twin.profile.radio ?? "zwave"];
  if (!twin.radioStatus().paired)
    throw new HostRefusal(
      "lock.unpaired",
      twin.persistent()?.paired === true
        ? `${who} no longer knows this lock, so it cannot remove it: pair it again first, or factory-reset the lock`
        : "the lock is not paired: there is nothing to remove",
    );
  checkReachable(twin);
  return () => runRemoval(twin);
}

/** Z-Wave exclusion needs the press at the lock too; the app just removes the lock. */
function runRemoval(twin: LockTwin): PairingAccount {
  const pairing = procedureOf(twin);
  const base = { method: pairing.method, controllerStep: pairing.controllerStep, lockStep: pairing.lockStep };
  const steps = [
    twin.profile.radio === "zwave"
      ? "The hub: start exclusion (remove device)."
      : "The app: remove the lock from the account.",
  ];
  if (pairing.removeNeedsLockStep) steps.push(`You: ${pairing.lockStep}.`);
  const outcome = unpairLock(twin);
  if (!outcome.ok) throw new HostRefusal(pairingCode(outcome.code), `removal failed: ${outcome.reason}`);
  steps.push(`The lock left ${twin.profile.radio === "zwave" ? "the hub's network" : "the account"}.`);
  return { ...base, steps };
}

/** The lock's and the link's refusals in the API's words. */
function pairingCode(code: string): string {
  if (code === "lock.offline" || code === "lock.unpaired") return code;
  if (code === "pair.already") return "lock.paired";
  return "pairing.failed";
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function signalWords(s: { green?: number; beeps?: number }): string {
  const parts: string[] = [];
  if (s.green) parts.push(s.green === 1 ? "one green flash" : `${s.green} green flashes`);
  if (s.beeps) parts.push(s.beeps === 1 ? "one beep" : `${s.beeps} beeps`);
  return parts.join(" and ") || "no signal";
}
