/**
 * How each radio joins its controller (profile `pairing`), from the guides and
 * MANUFACTURER.md. Where they are silent the choice is ours, said here and in
 * docs/profiles/.
 */
import type { PairingProcedure } from "../profile-types.ts";

/**
 * Z-Wave inclusion, as MANUFACTURER.md has it for the SmartCode family: "start at the hub,
 * press A once". The lock announces itself when A is pressed; a hub that is including takes
 * it in. Exclusion is the same press while the hub is excluding. A Z-Wave controller keeps
 * inclusion open for about a minute, and so the lock listens as long (ours).
 */
export const ZWAVE_INCLUSION: PairingProcedure = {
  method: "zwave-inclusion",
  source: "MANUFACTURER.md (radio: Z-Wave inclusion: start at the hub, press A once)",
  controllerStep: "start inclusion (add device) at the hub",
  lockStep: "press the radio button A on the interior once",
  atLock: "press-radio-button",
  listenMs: 60_000,
  removeNeedsLockStep: true,
  pairedSignal: { green: 1, beeps: 1 },
};

/**
 * Halo joins Wi-Fi from the Kwikset app (seed 002: "re-add it after the reset. The lock will
 * need to reconnect to WiFi during setup"). Out of the box, and after a reset, an unpaired Halo
 * waits to be added; the app adds it and it joins the network. Removing it from the account
 * needs nothing at the lock (B-RST-4).
 */
export const WIFI_JOIN: PairingProcedure = {
  method: "wifi-join",
  source: "seed 002 (Halo: add the lock in the Kwikset app; it joins Wi-Fi during setup)",
  controllerStep: "add the lock in the app; the app gives it the Wi-Fi network",
  lockStep: "nothing: an unpaired Halo waits to be added (have the Wi-Fi network in reach)",
  atLock: "nothing",
  listenMs: 0,
  removeNeedsLockStep: false,
  pairedSignal: { green: 1, beeps: 1 },
};

/** Aura pairs over Bluetooth with the phone in range (seed 004: "ensure your smartphone is within Bluetooth range"). */
export const BLUETOOTH_PAIRING: PairingProcedure = {
  method: "bluetooth-pairing",
  source: "seed 004 (a Bluetooth-only lock needs the phone within Bluetooth range)",
  controllerStep: "add the lock in the app with the phone within Bluetooth range",
  lockStep: "nothing: an unpaired Aura waits to be added (stay within Bluetooth range)",
  atLock: "nothing",
  listenMs: 0,
  removeNeedsLockStep: false,
  pairedSignal: { green: 1, beeps: 1 },
};
