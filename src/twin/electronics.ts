/**
 * What the lock's electronics draw from the pack besides the motor: the board in standby,
 * the radio listening, the keypad backlight, LED flashes and beeps. REFERENCES: standby
 * under 50 µA; a faulty lock draws 1 mA or more. The radio figures are ours, chosen so a
 * Z-Wave SmartCode on alkaline cells lasts 12 ± 2 months at 10 operations a day, as Kwikset
 * states, and Wi-Fi about half that (REFERENCES: Schlage about 6 months on Wi-Fi).
 */
import type { Signal } from "../core/signals.ts";
import type { LockProfile } from "../core/profile-types.ts";

export const STANDBY_MA = 0.04;

/** Average current of the radio listening for its hub, by kind (ours). */
export const RADIO_LISTEN_MA: Readonly<Record<NonNullable<LockProfile["radio"]>, number>> = {
  // Z-Wave FLiRS wakes every second to listen. Calibrated with the fleet (issue 4,
  // docs/twin.md "Fleets"): typical use (10 operations a day), 20 °C, alkaline, door aligned,
  // no faults, packs run to the end: 0.17 mA gave 9.4–10.1 months (under Kwikset's 12 ± 2);
  // 0.13 mA gives a median of 12.1 months (11.2–12.2).
  zwave: 0.13,
  bluetooth: 0.08, // BLE advertising
  wifi: 0.45, // Wi-Fi with power save
};

/** The keypad lights for a while after each press. */
export const BACKLIGHT_MA = 15;
export const BACKLIGHT_SECONDS = 1.5;

const LED_FLASH = { ma: 10, seconds: 0.25 };
const BEEP = { ma: 25, seconds: 0.15 };
const LONG_BEEP = { ma: 25, seconds: 0.8 };

/** Charge a signal costs, in mA·s. */
export function signalChargeMaS(s: Signal): number {
  const flashes = (s.green ?? 0) + (s.red ?? 0) + (s.amber ?? 0);
  return (
    flashes * LED_FLASH.ma * LED_FLASH.seconds +
    (s.beeps ?? 0) * BEEP.ma * BEEP.seconds +
    (s.longBeeps ?? 0) * LONG_BEEP.ma * LONG_BEEP.seconds
  );
}

/** The steady draw of a powered lock: board plus radio while it listens. */
export function baseLoadMa(profile: LockProfile, radioListening: boolean): number {
  return STANDBY_MA + (profile.radio !== null && radioListening ? RADIO_LISTEN_MA[profile.radio] : 0);
}
