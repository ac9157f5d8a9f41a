/**
 * The causes (FAULTS.md faults) with their priors: how often each is the cause among locks
 * someone asks for help with. Relative weights (they need not sum to 1; the engine
 * normalises over the causes possible on the model). The one figure the guides give is
 * anchored: batteries "resolve 60% of cases" of the won't-lock-but-unlocks complaint (seed
 * 000) — test "priors reproduce seed 000's 60%" checks that the weights below, with the
 * symptom table, give that share. The rest are reasoned from what the guides stress.
 */
import type { FaultEntry } from "./types.ts";

const c = (value: number, source: string) => ({ value, source });

export const FAULTS: readonly FaultEntry[] = [
  // ---- power: the guides' first suspect ----
  {
    id: "battery-low",
    cause: "weak cells",
    group: "power",
    prior: c(
      14,
      "seed 000: batteries 'resolve 60% of cases' of won't-lock; drained cells are the commonest of them (seed 004: 'arguably the most common reason')",
    ),
  },
  {
    id: "battery-critical",
    cause: "nearly empty cells",
    group: "power",
    prior: c(
      6,
      "seed 000 'Emergency Signal': common enough to get its own warning; rarer than merely weak cells because the lock warns first (B-PWR-2)",
    ),
  },
  {
    id: "battery-dead",
    cause: "dead cells",
    group: "power",
    prior: c(
      8,
      "seed 004: dead batteries are the usual reason a keypad stops responding; seed 003: 'No response: Dead batteries'",
    ),
  },
  {
    id: "battery-wrong-type",
    cause: "rechargeable or lithium cells",
    group: "power",
    prior: c(3, "seed 000/001 warn against rechargeables and lithium; a minority of owners use them (ours)"),
  },
  {
    id: "battery-mixed",
    cause: "old and new cells mixed",
    group: "power",
    prior: c(2, "seed 001 warns against mixing; usually noticed only after early failure (ours)"),
  },
  {
    id: "battery-reversed",
    cause: "a cell in backwards",
    group: "power",
    prior: c(
      1.5,
      "seed 000 'Triple-check + and – alignment': happens right after a battery change, rarely (ours)",
    ),
  },
  {
    id: "contacts-corroded",
    cause: "corroded battery contacts",
    group: "power",
    prior: c(
      2.5,
      "seed 000 'Clean Corroded Battery Contacts': a 'hidden issue'; counted in the 60% battery share",
    ),
  },
  // ---- setup ----
  {
    id: "no-user-codes",
    cause: "no user code programmed",
    group: "setup",
    prior: c(
      4,
      "seed 000: the lock button stays disabled until a code exists; 'if you skipped this step after battery replacement'",
    ),
  },
  {
    id: "not-handed",
    cause: "door handing never done",
    group: "setup",
    prior: c(4, "seed 000/001: handing 'often occurs after battery swaps or DIY installations'"),
  },
  {
    id: "wrong-handing",
    cause: "handing learned for the other side",
    group: "setup",
    prior: c(
      1.5,
      "seed 000: the motor 'trying to unlock when you press the lock button'; less common than no handing at all (ours)",
    ),
  },
  // ---- mechanism ----
  {
    id: "strike-misaligned",
    cause: "a misaligned strike plate",
    group: "mechanism",
    prior: c(
      6,
      "seed 000 and 004: strike friction 'worsens with seasonal humidity changes'; the checklist's fourth step",
    ),
  },
  {
    id: "bolt-dry",
    cause: "a dry or rusty bolt",
    group: "mechanism",
    prior: c(
      3,
      "seed 000 'Lubricate Without Damage'; seed 003 monthly: 'verify physical key turns smoothly'",
    ),
  },
  {
    id: "clutch-disengaged",
    cause: "a disengaged clutch",
    group: "mechanism",
    prior: c(3, "seed 000: 'a common issue after forceful key use'"),
  },
  {
    id: "clutch-spring-broken",
    cause: "a broken clutch spring",
    group: "mechanism",
    prior: c(
      0.8,
      "seed 000: 'verify the clutch spring isn't broken or missing'; a part failure, rarer than a dislodged lever (ours)",
    ),
  },
  {
    id: "motor-failed",
    cause: "a failed motor",
    group: "mechanism",
    prior: c(
      1,
      "seed 004: hardware failure is what remains after the checklist; ANSI Grade A locks last 400,000 cycles (REFERENCES), so rare (ours)",
    ),
  },
  // ---- keypad ----
  {
    id: "keypad-lockout",
    cause: "a wrong-code lockout",
    group: "keypad",
    prior: c(3, "seed 002: 'a lockout timer may be running'; seed 004 'Look for Lockout Modes'"),
  },
  {
    id: "keypad-dirty",
    cause: "grime on the keypad",
    group: "keypad",
    prior: c(2, "seed 000 and 004: wipe the keypad, 'dirt causes stuck buttons'"),
  },
  {
    id: "keypad-damaged",
    cause: "a broken key",
    group: "keypad",
    prior: c(0.7, "seed 004: 'check for physical damage'; a hardware fault, rare (ours)"),
  },
  // ---- codes ----
  {
    id: "wrong-code",
    cause: "a mistyped or old code",
    group: "codes",
    prior: c(8, "seed 004: 'human error is a frequent culprit'; seed 001's first step: verify the code"),
  },
  {
    id: "code-expired",
    cause: "a guest code outside its dates or hours",
    group: "codes",
    prior: c(
      2,
      "seed 004 'Check User Permissions and Code Expiration'; only temporary codes can expire (ours)",
    ),
  },
  {
    id: "code-deleted",
    cause: "a code wiped from the lock",
    group: "codes",
    prior: c(4, "seed 002: 'most smart lock failures … turn out to be a code wiped during a sync'"),
  },
  {
    id: "programming-code-used",
    cause: "the programming code used as a door code",
    group: "codes",
    prior: c(1, "seed 003: 'Programming code = user code: Impossible'; an occasional confusion (ours)"),
    needs: "programming-code",
  },
  {
    id: "code-conflict",
    cause: "a new code sharing its first four digits with another",
    group: "codes",
    prior: c(3, "seed 003: the first reason new codes are refused ('90% of issues stem from these')"),
    needs: "prefix-rule",
  },
  {
    id: "code-capacity-full",
    cause: "every code slot in use",
    group: "codes",
    prior: c(1.5, "seed 002/003: 'too many codes programmed'; needs 16–30 codes, so less common (ours)"),
  },
  {
    id: "master-code-forgotten",
    cause: "a forgotten master code",
    group: "codes",
    prior: c(3, "seed 002: the first reason people reset ('forgot the master code', 'inherited lock')"),
    needs: "programming-code",
  },
  {
    id: "vacation-mode",
    cause: "vacation mode turned on",
    group: "codes",
    prior: c(1, "seed 004 'Look for Lockout Modes … Vacation Mode'; set on purpose and forgotten (ours)"),
    needs: "radio",
  },
  // ---- connection, firmware, environment ----
  {
    id: "hub-unpaired",
    cause: "a lost hub pairing",
    group: "connection",
    prior: c(3, "seed 002: 'lock not pairing with smart home hub after previous setup'"),
    needs: "radio",
  },
  {
    id: "radio-offline",
    cause: "the Wi-Fi, Bluetooth or hub link being down",
    group: "connection",
    prior: c(4, "seed 004 'Evaluate Connectivity': router, range, interference"),
    needs: "radio",
  },
  {
    id: "firmware-outdated",
    cause: "outdated firmware",
    group: "firmware",
    prior: c(
      1.5,
      "seed 004: 'outdated software is a common cause of unexpected behavior'; few lock faults are firmware bugs (ours)",
    ),
  },
  {
    id: "memory-corrupted",
    cause: "corrupted settings memory",
    group: "firmware",
    prior: c(1, "seed 002/003: 'corrupted memory is likely' only after other fixes fail; rare (ours)"),
  },
  {
    id: "cold-weather",
    cause: "the cold",
    group: "environment",
    prior: c(2, "seed 004: 'extreme cold can affect … slower responsiveness'; seasonal (ours)"),
  },
];
