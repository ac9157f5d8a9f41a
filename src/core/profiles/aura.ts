/**
 * Kwikset Aura (Bluetooth): as Halo (seed 002), with Bluetooth instead of Wi-Fi, 16 codes
 * (B-CODE-3) and no door sensor.
 */
import { BLUETOOTH_PAIRING } from "./pairing-procedures.ts";
import type { LockProfile } from "../profile-types.ts";
import { halo } from "./halo.ts";

export const aura: LockProfile = {
  ...halo,
  id: "aura",
  name: "Kwikset Aura (Bluetooth)",
  models: ["Aura"],
  radio: "bluetooth",
  pairing: BLUETOOTH_PAIRING,
  interior: { ...halo.interior, doorSensor: false },
  codes: { ...halo.codes, capacity: 16 },
};
