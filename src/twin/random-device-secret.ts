/**
 * A lock's secret from the operating system's random generator, for locks meant to live (the
 * server's and the host's): each gets its own, unguessable one (B-SEC-7). Twins in tests and
 * fleets draw theirs from their seed instead, so runs repeat.
 */
import { randomBytes } from "node:crypto";
import type { DeviceSecret } from "../core/security/device-secret.ts";
import { DEVICE_SECRET_BYTES, deviceSecretFromBytes } from "../core/security/device-secret.ts";

export function randomDeviceSecret(): DeviceSecret {
  return deviceSecretFromBytes(new Uint8Array(randomBytes(DEVICE_SECRET_BYTES)));
}
