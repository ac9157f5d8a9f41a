/**
 * The hosted lock the MQTT and Home Assistant suites start from: the host's ready lock
 * (src/host/ready-lock-setup.ts) with the owner's code 2947 in slot 1, on a March morning.
 */
import type { CreateLockOptions } from "../src/host/index.ts";
import { readyLockSetup as hostReadyLockSetup } from "../src/host/index.ts";

export function readyLockSetup(
  profile = "smartcode-914",
  more: Partial<CreateLockOptions["setup"]> = {},
): CreateLockOptions["setup"] {
  return hostReadyLockSetup(profile, Date.parse("2026-03-02T08:00:00Z"), {
    codes: [{ slot: 1, code: "2947" }],
    ...more,
  });
}
