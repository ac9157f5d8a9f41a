/**
 * Procedures that several seed-003 profiles share, written once.
 */
import type { BootHold, Procedure } from "../profile-types.ts";

/** B-PRG-4: Program pressed N times (a green flash each) chooses slot N; code; lock. */
export const SLOT_PRESS_ADD: Procedure = {
  id: "add-user-code",
  rule: "B-PRG-4",
  start: { kind: "program-key" },
  when: "always",
  tokens: [
    { t: "presses", key: "program", eachSignal: { green: 1 } },
    { t: "digits", role: "new-user" },
    { t: "key", key: "lock" },
  ],
  action: "add-code",
  success: { green: 1, beeps: 1 }, // B-FB-1
};

/**
 * Handing on the 264/275 (the guides are silent): the programming code, confirm, 0,
 * confirm — the manufacturer's 275 sequence `0000 ▸ 0 ▸` (MANUFACTURER.md).
 */
export const programmingCodeHanding: Procedure = {
  id: "door-handing",
  rule: "B-SET-2",
  start: { kind: "programming-code" },
  when: "always",
  tokens: [
    { t: "digit", digit: "0" },
    { t: "key", key: "lock" },
  ],
  action: "hand-door",
  success: {},
};

/**
 * B-FB-4 (seed 003): hold Program while the pack goes in, 30 s until a red flash; then one
 * more Program press → green + one beep.
 */
export const THREE_MODEL_FACTORY_RESET: BootHold = {
  key: "program",
  holdMs: 30_000,
  signalAtHold: { red: 1 },
  complete: "next-program-press",
  windowMs: 10_000,
  then: "factory-reset",
  completeSignal: { green: 1, beeps: 1 },
};
