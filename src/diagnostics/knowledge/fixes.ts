/**
 * The fixes of FAULTS.md: what to do, how long it takes, and which causes each removes.
 * Minutes come from the guides' own step lists ("Most fixes take under 15 minutes", seed
 * 000) or are ours with the reason. `repairs` lists only what the fix really removes on the
 * twin (test "every repair the knowledge base claims works on the twin"), so a fix that
 * does not help is evidence against its causes.
 */
import type { FaultId } from "./ids.ts";
import type { Cited, FixEntry } from "./types.ts";
import { supportInstructions } from "./support.ts";

const m = (value: number, source: string): Cited => ({ value, source });

/** No power at all: nothing done at the keypad or over the radio reaches the firmware (B-PWR-4). */
const NO_POWER: readonly FaultId[] = ["battery-dead", "battery-reversed"];
/** The bolt cannot be driven: power too weak (B-PWR-2/3/5) or the drive train broken. */
const NO_MOTOR: readonly FaultId[] = [
  ...NO_POWER,
  "battery-critical",
  "battery-low",
  "contacts-corroded",
  "motor-failed",
  "clutch-disengaged",
  "clutch-spring-broken",
];
/** Key sequences do not get through: grime, a dead key, a lockout (B-SEC-1), presses counted twice. */
const KEYPAD: readonly FaultId[] = ["keypad-dirty", "keypad-damaged", "keypad-lockout", "firmware-outdated"];
const NEEDS_MOTOR =
  "a handing run moves the bolt (seed 001: 'if it flashes red, it wasn't successfully completed'); seed 003: 'weak power causes mid-programming failures'";
const NEEDS_KEYPAD = "programming is typed at the keypad; it needs power and keys that register";

/** What a factory reset erases (B-RST-1, B-NET-3; seed 001/002). */
export const FACTORY_RESET_ERASES = [
  "every user code",
  "the programming (master) code",
  "the door handing",
  "the hub or app pairing",
] as const;

export const FIXES: readonly FixEntry[] = [
  {
    id: "replace-batteries",
    does: "Take the pack out completely and put in four new alkaline AA cells, each + to +; then press lock.",
    minutes: m(5, "seed 000 'Critical Replacement Protocol': four steps, a few minutes with cells at hand"),
    repairs: [
      "battery-low",
      "battery-critical",
      "battery-dead",
      "battery-wrong-type",
      "battery-mixed",
      "battery-reversed",
      "keypad-lockout",
    ],
    repairsSource:
      "seed 000/001; taking the pack out also ends a lockout, which lives in working memory (B-PWR-7)",
  },
  {
    id: "clean-contacts",
    does: "Pack out; scrub the contacts with a cotton swab in white vinegar, dry them, and click the pack back in.",
    minutes: m(10, "seed 000 'Contact Cleaning Steps': scrub, dry, reinsert"),
    repairs: ["contacts-corroded", "keypad-lockout"],
    repairsSource: "seed 000; the pack comes out (B-PWR-7)",
  },
  {
    id: "reseat-batteries",
    does: "Take the pack out, check every cell against the + and − marks, and put it back.",
    minutes: m(3, "ours: the replacement protocol without new cells"),
    repairs: ["battery-reversed", "keypad-lockout"],
    repairsSource: "seed 000 'Triple-check + and – terminal alignment'; B-PWR-7",
  },
  {
    id: "program-user-code",
    does: "With the door open, program your code (Program, then the model's add-code steps) and test it.",
    minutes: m(2, "seed 000 'Code Programming in 20 Seconds', plus testing with the door open"),
    repairs: ["no-user-codes", "code-deleted"],
    repairsSource: "seed 000: the lock button works once a code exists (B-SET-7); a wiped code comes back",
    blockedBy: [...NO_POWER, ...KEYPAD],
    blockedBySource: NEEDS_KEYPAD,
  },
  {
    id: "run-door-handing",
    does: "With the door open, run the door-handing procedure; the bolt goes out and in by itself.",
    minutes: m(3, "seed 000 'Handing Procedure': 10 s pack out, 3 s hold, two bolt cycles"),
    repairs: ["not-handed", "wrong-handing"],
    repairsSource: "seed 000/001 (B-SET-3/4)",
    blockedBy: [...NO_MOTOR, "keypad-dirty", "keypad-lockout", "firmware-outdated"],
    blockedBySource: `${NEEDS_MOTOR}; some models start it from the keypad's Lock and Program keys (B-SET-4), which grime, a lockout or doubled presses upset — a dead digit does not`,
  },
  {
    id: "adjust-strike-plate",
    does: "Mark where the bolt meets the strike, file the opening about 1/8 inch deeper, and refit the plate.",
    minutes: m(30, "seed 000 'Alignment Repair': mark, unscrew, chisel or file, reinstall — tools and care"),
    repairs: ["strike-misaligned"],
    repairsSource: "seed 000, 004",
  },
  {
    id: "lubricate-bolt",
    does: "Extend the bolt with the key, apply silicone lubricant (never WD-40), work it ten times, wipe off the excess.",
    minutes: m(10, "seed 000 'Safe Lubrication Method'"),
    repairs: ["bolt-dry"],
    repairsSource: "seed 000",
  },
  {
    id: "reseat-clutch",
    does: "Slide the interior cover off, press the white clutch lever down until it clicks, and refit the cover.",
    minutes: m(10, "seed 000 'Model-Specific Clutch Fixes': cover off, lever, cover on"),
    repairs: ["clutch-disengaged"],
    repairsSource: "seed 000; with a broken spring it slips out again (FAULTS.md)",
  },
  {
    id: "wait-lockout",
    does: "Leave the keypad alone until the lockout ends, then enter your code once, carefully.",
    minutes: m(5, "B-SEC-1: 5 minutes on the guide models (seed 002: 5–10 min; Kwikset 60 s, REFERENCES)"),
    repairs: ["keypad-lockout"],
    repairsSource: "B-SEC-1",
  },
  {
    id: "soft-reset",
    does: "Take the battery pack out for 15–30 seconds and put it back.",
    minutes: m(1, "seed 004 'Power Cycle': 10–30 s out"),
    repairs: ["keypad-lockout"],
    repairsSource: "B-PWR-7: a soft reset clears what is held in working memory, such as a lockout",
  },
  {
    id: "clean-keypad",
    does: "Wipe the keypad with an alcohol wipe or a dry microfibre cloth, then try your code.",
    minutes: m(2, "seed 000/003/004: wipe the keypad"),
    repairs: ["keypad-dirty"],
    repairsSource: "seed 004",
  },
  {
    id: "reenter-code",
    does: "Look up your code where it was written, and type it carefully; for a new code, choose one whose first four digits differ.",
    minutes: m(1, "seed 001/004: 'Carefully re-enter your code'"),
    repairs: ["wrong-code", "programming-code-used", "code-conflict"],
    repairsSource: "seed 001, 004; seed 003 'First 4 digits must differ'",
  },
  {
    id: "readd-code",
    does: "Add your code again from the app (or with the master code), replacing the old entry and its dates.",
    minutes: m(3, "seed 004 'delete and re-add that individual code'"),
    repairs: ["code-expired", "code-deleted", "no-user-codes"],
    repairsSource: "seed 004",
    blockedBy: [...NO_POWER, ...KEYPAD],
    blockedBySource: NEEDS_KEYPAD,
  },
  {
    id: "use-user-code",
    does: "Open with a user code: the programming code never unlocks.",
    minutes: m(0.5, "ours: type the other code"),
    repairs: ["programming-code-used"],
    repairsSource: "seed 003 (B-SEC-3)",
  },
  {
    id: "delete-code",
    does: "Delete a code nobody needs (the newest, if it clashed), then add the new one.",
    minutes: m(3, "seed 003 'Quick Fix Protocol': delete newest code, re-add"),
    repairs: ["code-capacity-full", "code-conflict"],
    repairsSource: "seed 003",
    blockedBy: [...NO_POWER, ...KEYPAD],
    blockedBySource: NEEDS_KEYPAD,
  },
  {
    id: "disable-vacation-mode",
    does: "In the app, turn vacation mode off.",
    minutes: m(2, "ours: one setting in the app"),
    repairs: ["vacation-mode"],
    repairsSource: "B-SEC-2",
    blockedBy: NO_POWER,
    blockedBySource: "the app reaches only a powered lock",
    needs: "radio",
  },
  {
    id: "repair-hub",
    does: "Remove the lock from the hub or app and add it again.",
    minutes: m(15, "seed 002: 'remove it from the hub and re-pair'"),
    repairs: ["hub-unpaired"],
    repairsSource: "seed 002 (B-NET-3)",
    blockedBy: NO_POWER,
    blockedBySource: "pairing needs a powered lock",
    needs: "radio",
  },
  {
    id: "restore-connectivity",
    does: "Restart the router or hub, bring the phone in range, and reconnect the lock.",
    minutes: m(10, "seed 004 'Evaluate Connectivity'"),
    repairs: ["radio-offline"],
    repairsSource: "seed 004 (B-NET-5)",
    needs: "radio",
  },
  {
    id: "update-firmware",
    does: "Install the lock's firmware update (the app, or the maker's tool).",
    minutes: m(15, "seed 004 'Update Firmware and App'; downloads and a restart"),
    repairs: ["firmware-outdated"],
    repairsSource: "seed 004 (B-NET-4)",
    needs: "radio",
    blockedBy: [...NO_POWER, "radio-offline"],
    blockedBySource: "an update needs a powered lock and comes over the radio (issue 14)",
  },
  {
    id: "warm-up",
    does: "Let the lock warm up (or warm the interior side gently), then try again; consider an insulated cover.",
    minutes: m(30, "seed 004 on cold: wait for the lock to come up to temperature (ours: half an hour)"),
    repairs: ["cold-weather"],
    repairsSource: "B-PWR-6",
  },
  {
    id: "factory-reset",
    does: "Pack out, hold Program, pack in, keep holding 30 s; then set a master code, program every code, run the handing and re-pair the hub.",
    minutes: m(30, "seed 003: 'Reprogramming takes 15+ minutes'; plus handing and re-pairing (seed 002)"),
    repairs: [
      "memory-corrupted",
      "master-code-forgotten",
      "no-user-codes",
      "not-handed",
      "wrong-handing",
      "code-deleted",
      "code-expired",
      "code-capacity-full",
      "vacation-mode",
      "hub-unpaired",
      "keypad-lockout",
      "wrong-code",
      "programming-code-used",
    ],
    repairsSource:
      "seed 001/002: the reset clears corrupted settings and every code; setting up again restores codes, handing and pairing",
    blockedBy: [...NO_MOTOR, "keypad-dirty", "keypad-damaged", "firmware-outdated", "radio-offline"],
    blockedBySource: `the reset ends with setting up again: codes typed at the keypad and a handing run — ${NEEDS_MOTOR}. Taking the pack out ends a lockout first (B-PWR-7); re-pairing needs the network (B-NET-3)`,
    erases: FACTORY_RESET_ERASES,
    lastResort: true,
  },
  {
    id: "contact-support",
    does: supportInstructions(),
    minutes: m(
      120,
      "seed 000: support hours, warranty paperwork, a visit or a replacement part (ours: two hours)",
    ),
    repairs: [
      "motor-failed",
      "clutch-spring-broken",
      "keypad-damaged",
      "clutch-disengaged",
      "keypad-dirty",
      "firmware-outdated",
    ],
    repairsSource:
      "seed 000/004: support replaces what a person cannot mend — motor, clutch, keypad; support installs a firmware update with the maker's tool, the only way for a lock without a radio (issue 14, ours)",
    lastResort: true,
  },
];
