/**
 * Pairing and unpairing as a person and their hub or app do it, following the profile's
 * `pairing` (core/profiles/pairing-procedures.ts): Z-Wave inclusion on the SmartCode models
 * (the hub starts inclusion, the person presses the lock's radio button A, the lock announces
 * itself and the hub takes it in), the app adding a Halo to Wi-Fi or an Aura over Bluetooth in
 * range. The controller's side is played here, over the twin's radio, as a hub would: it sends
 * commands and listens to what the lock transmits; it never reaches into the firmware.
 */
import type { RadioCommand, RadioReport, RadioResult } from "../core/radio-types.ts";
import type { LockTwin } from "./lock-twin.ts";
import { PRESS_MS } from "./person-actions.ts";

/** The answer of a pairing procedure: done, or refused with the link's or the lock's code. */
export type PairingOutcome =
  { readonly ok: true } | { readonly ok: false; readonly code: string; readonly reason: string };

/** How long a controller waits for the lock to announce itself after the person's press (ours). */
const ANNOUNCE_WAIT_MS = 2_000;

/**
 * The person presses the lock's radio button (Z-Wave "A", MANUFACTURER.md). On a model whose
 * pairing needs no step at the lock, or without power, nothing happens. Returns whether the
 * firmware saw the press.
 */
export function pressRadioButton(twin: LockTwin): boolean {
  if (!twin.powered || twin.profile.pairing?.atLock !== "press-radio-button") return false;
  twin.firmware.dispatch({ type: "radio.button" });
  twin.advance(PRESS_MS);
  return true;
}

/**
 * The whole pairing procedure of the lock's profile. `skipLockStep` leaves out what the person
 * does at the lock (to show that inclusion alone does not pair a Z-Wave lock).
 */
export function pairLock(twin: LockTwin, options: { skipLockStep?: boolean } = {}): PairingOutcome {
  const pairing = twin.profile.pairing;
  if (pairing === null)
    return { ok: false, code: "lock.offline", reason: `${twin.profile.id} has no radio (B-HW-7)` };
  if (twin.persistent()?.paired && !twin.hubKnowsLock) {
    // The lock still believes it belongs to a hub that has forgotten it (hub-unpaired). Z-Wave:
    // exclude it first (any controller may), then include it. An app cannot: the lock must be
    // factory reset and added again (B-RST-4).
    if (!pairing.removeNeedsLockStep)
      return {
        ok: false,
        code: "pair.already",
        reason:
          "the lock is still paired with an account that no longer knows it: factory reset it, then add it (B-RST-4)",
      };
    const excluded = withLockStep(twin, !options.skipLockStep, { type: "unpair" });
    if (!excluded.ok) return excluded;
  }
  return withLockStep(twin, pairing.atLock === "press-radio-button" && !options.skipLockStep, {
    type: "pair",
  });
}

/**
 * The controller removes the lock: Z-Wave exclusion (start removal at the hub, press the
 * radio button), or removing it from the app's account. The hub forgets the lock.
 */
export function unpairLock(twin: LockTwin, options: { skipLockStep?: boolean } = {}): PairingOutcome {
  const pairing = twin.profile.pairing;
  if (pairing === null)
    return { ok: false, code: "lock.offline", reason: `${twin.profile.id} has no radio (B-HW-7)` };
  const outcome = withLockStep(twin, pairing.removeNeedsLockStep && !options.skipLockStep, {
    type: "unpair",
  });
  if (outcome.ok) twin.hubKnowsLock = false;
  return outcome;
}

/**
 * The controller listens (inclusion or exclusion open), the person does the lock's step when
 * there is one, and the controller sends its command to the lock it heard.
 */
function withLockStep(twin: LockTwin, pressButton: boolean, command: RadioCommand): PairingOutcome {
  const heard: RadioReport[] = [];
  const stop = twin.onRadioReport((r) => heard.push(r));
  try {
    if (pressButton) {
      pressRadioButton(twin);
      if (!heard.some((r) => r.type === "announce")) {
        twin.advance(ANNOUNCE_WAIT_MS);
        if (!heard.some((r) => r.type === "announce")) {
          const why = twin.radioStatus().online
            ? "the lock did not announce itself"
            : "the lock is out of reach";
          return { ok: false, code: "lock.offline", reason: `${why}: the controller heard nothing` };
        }
      }
    }
    const delivery = twin.send(command);
    if (!delivery.sent) return { ok: false, code: delivery.code, reason: delivery.reason };
    const result = heard.find(
      (r): r is RadioResult => r.type === "result" && r.requestId === delivery.requestId,
    );
    if (!result) return { ok: false, code: "lock.timeout", reason: "the lock did not answer" };
    return result.ok ? { ok: true } : { ok: false, code: result.code, reason: result.reason };
  } finally {
    stop();
  }
}
