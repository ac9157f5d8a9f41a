/**
 * The fourteen symptoms of FAULTS.md and P(symptom reported | fault). A person may report
 * several symptoms; each is a yes/no finding, several faults raise it by noisy-OR, and a
 * symptom not reported counts as evidence too (a dead motor that does not whir). Figures
 * start from FAULTS.md's "what a person sees" column: a symptom that column names gets
 * 0.9–0.95 (a person may describe it otherwise); a symptom that shows only on some models
 * or some of the time gets the share of models or tries where it shows, said per row.
 */
import type { FaultId, SymptomId } from "./ids.ts";
import type { Cited, SymptomEntry, SymptomTable } from "./types.ts";

export const SYMPTOMS: readonly SymptomEntry[] = [
  {
    id: "wont-lock-unlocks-fine",
    says: "It unlocks with my code but won't lock from the keypad.",
    channels: ["lock", "code"],
  },
  { id: "lock-button-ignored", says: "The lock button does nothing, no beep.", channels: ["lock"] },
  { id: "motor-whirs-bolt-stays", says: "I hear the motor but the bolt doesn't move.", channels: ["lock"] },
  { id: "wont-unlock-with-code", says: "My code doesn't open the door.", channels: ["code"] },
  {
    id: "no-response",
    says: "Nothing happens when I press any key.",
    channels: ["power", "lock", "code", "new-code"],
  },
  { id: "red-flashes-beeps", says: "It flashes red three times and beeps.", channels: ["lock"] },
  { id: "new-code-rejected", says: "It won't take a new code.", channels: ["new-code"] },
  {
    id: "works-open-not-closed",
    says: "It works with the door open but not closed.",
    channels: ["lock"],
    // The person has done the guides' exam already (seed 000: "test with the door open"; seed
    // 004: "test the lock's function while it's ajar"; FAULTS.md: testing with the door open
    // tells strike friction from the rest), and it locked with the door open.
    answers: { "lock-door-open": "extends" },
  },
  { id: "key-stiff", says: "The key is hard to turn.", channels: ["key"] },
  {
    id: "keypad-stopped-responding",
    says: "The keypad stopped responding for a while.",
    channels: ["lock", "code"],
  },
  { id: "app-cannot-reach-lock", says: "The app can't reach the lock / it won't pair.", channels: ["app"] },
  { id: "erratic", says: "It behaves erratically.", channels: ["fallback"], onlyAlone: true },
  {
    id: "forgot-master-code",
    says: "I forgot the master code / I inherited the lock.",
    channels: ["person"],
  },
  { id: "wrong-direction", says: "When I press lock it unlocks (or tries to).", channels: ["lock", "code"] },
];

const c = (value: number, source: string): Cited => ({ value, source });
const NAMED = "FAULTS.md names it";
/** Share of radio models among the seven profiles (914, 955, halo, aura, 910: five of seven). */
const RADIO_SHARE = "the app loses an unpowered lock too: radio models (5 of 7 profiles)";

export const SYMPTOM_LIKELIHOODS: SymptomTable = {
  "battery-low": {
    "wont-lock-unlocks-fine": c(0.95, `${NAMED}: unlocks but will not lock; seed 000's title case`),
  },
  "battery-critical": {
    "red-flashes-beeps": c(0.95, `${NAMED}: three red flashes + three beeps (seed 000)`),
  },
  "battery-dead": {
    "no-response": c(0.95, `${NAMED}: no beep, no light (B-PWR-4)`),
    "app-cannot-reach-lock": c(0.7, RADIO_SHARE),
  },
  "battery-wrong-type": {
    erratic: c(0.85, "FAULTS.md: 'weak locking, wrong battery readings' — the lock works but keeps warning"),
    "red-flashes-beeps": c(
      0.12,
      "the 910 shows its low-battery warning as red flashes and beeps (1 of 7 profiles)",
    ),
  },
  "battery-mixed": { erratic: c(0.9, "FAULTS.md: 'weak, early failure': nothing clear-cut to name") },
  "battery-reversed": {
    "no-response": c(0.95, `${NAMED}: no response (B-PWR-4)`),
    "app-cannot-reach-lock": c(0.7, RADIO_SHARE),
  },
  "contacts-corroded": {
    erratic: c(
      0.75,
      "seed 000: 'intermittent locking failures that mimic electronic defects'; on the twin three tries in four get through, slowly (B-PWR-5)",
    ),
    "wont-lock-unlocks-fine": c(
      0.25,
      "B-PWR-5: the extending run needs the most current; about one try in four fails",
    ),
    "works-open-not-closed": c(
      0.05,
      "intermittent: a try with the door open may work by chance, if the person made one (ours)",
    ),
  },
  "no-user-codes": {
    "lock-button-ignored": c(0.85, `${NAMED}: lock button ignored, no beep (B-SET-7)`),
    // B-SET-7 silences the lock button alone: a typed code is refused like a wrong code, red ×3
    // + 3 beeps (B-CODE-8, FAULTS code-deleted; the twin since 27041fe, and the 910's no-codes
    // alert), so the keypad does not seem dead to a person who tried a code.
    "keypad-stopped-responding": c(
      0.1,
      "B-SET-7: only the lock button is silent; said by a person who tried nothing else (ours)",
    ),
    "red-flashes-beeps": c(
      0.3,
      "a typed code is refused with red ×3 + 3 beeps (B-CODE-8; ours: who mentions it)",
    ),
    "wont-unlock-with-code": c(
      0.6,
      "a typed code is refused like a wrong code (B-CODE-8; ours: who tried theirs)",
    ),
  },
  "not-handed": {
    "red-flashes-beeps": c(0.9, "B-SET-2: the lock refuses to move the bolt with red + beeps"),
    "wont-unlock-with-code": c(0.9, "codes are refused the same way"),
    "wrong-direction": c(0.05, "FAULTS.md: 'turns the wrong way' on some locks (ours: rare on these)"),
  },
  "wrong-handing": { "wrong-direction": c(0.95, `${NAMED}: the lock command retracts`) },
  "strike-misaligned": {
    "wont-lock-unlocks-fine": c(0.9, "seed 000: strike friction 'overpowers the motor' when extending"),
    "key-stiff": c(0.85, "the key meets the same friction with the door closed (B-HW-6)"),
    "works-open-not-closed": c(
      0.35,
      "only if the person has already tried with the door open (about a third, B-CARE-2/3; ours)",
    ),
  },
  "bolt-dry": { "key-stiff": c(0.95, `${NAMED}: stiff key, slow bolt`) },
  "clutch-disengaged": {
    "motor-whirs-bolt-stays": c(0.95, `${NAMED}: motor whirs, bolt stays (seed 000)`),
    "wont-lock-unlocks-fine": c(0.85, "the bolt stays retracted; many say 'won't lock'"),
  },
  "clutch-spring-broken": {
    "motor-whirs-bolt-stays": c(0.95, "FAULTS.md: like clutch-disengaged"),
    "wont-lock-unlocks-fine": c(0.85, "as for clutch-disengaged"),
  },
  "motor-failed": {
    "wont-lock-unlocks-fine": c(0.9, "FAULTS.md: no movement, no whir; the keypad still answers"),
  },
  "keypad-lockout": {
    "keypad-stopped-responding": c(0.95, `${NAMED}: keypad silent for minutes (B-SEC-1)`),
    "lock-button-ignored": c(0.9, "the lock button is part of the silent keypad"),
  },
  "keypad-dirty": {
    "wont-unlock-with-code": c(
      0.7,
      "seed 004: some presses do not register, so the code comes out wrong most times",
    ),
    erratic: c(0.25, "sometimes every press registers and it works"),
    "lock-button-ignored": c(
      0.12,
      "a missed press of the lock button itself (about a third of presses, ours)",
    ),
  },
  "keypad-damaged": { "wont-unlock-with-code": c(0.95, `${NAMED}: a key never registers`) },
  "wrong-code": { "wont-unlock-with-code": c(0.95, `${NAMED}: red / rejected`) },
  "code-expired": { "wont-unlock-with-code": c(0.95, `${NAMED}: rejected like a wrong code`) },
  "code-deleted": { "wont-unlock-with-code": c(0.95, `${NAMED}: rejected like a wrong code`) },
  "programming-code-used": { "wont-unlock-with-code": c(0.95, `${NAMED}: never unlocks (B-SEC-3)`) },
  "code-conflict": { "new-code-rejected": c(0.9, `${NAMED}: red + 3 beeps (seed 003)`) },
  "code-capacity-full": { "new-code-rejected": c(0.95, NAMED) },
  "master-code-forgotten": {
    "forgot-master-code": c(0.95, `${NAMED}: the person knows they have lost it (seed 002)`),
  },
  "vacation-mode": { "wont-unlock-with-code": c(0.95, `${NAMED}: all codes rejected (B-SEC-2)`) },
  "hub-unpaired": { "app-cannot-reach-lock": c(0.95, NAMED) },
  "radio-offline": { "app-cannot-reach-lock": c(0.95, `${NAMED}; the keypad works (B-NET-5)`) },
  "firmware-outdated": {
    "wont-unlock-with-code": c(
      0.6,
      "seed 004 'erratic behavior': a press counted twice garbles the code on some tries",
    ),
    erratic: c(0.45, NAMED),
  },
  "memory-corrupted": {
    "lock-button-ignored": c(0.85, "seed 002/003: codes not recognised, so the lock acts as if it had none"),
    "keypad-stopped-responding": c(0.1, "as for no-user-codes (B-SET-7: the lock button alone is silent)"),
    "red-flashes-beeps": c(0.3, "as for no-user-codes: codes refused with red ×3 + 3 beeps (B-CODE-8)"),
    "wont-unlock-with-code": c(0.6, "as for no-user-codes: codes not recognised are refused (B-CODE-8)"),
  },
  "cold-weather": {
    "key-stiff": c(
      0.9,
      "lubricant stiffens in the cold (seed 000: seasonal adjustments); the clearest thing a person notices",
    ),
    erratic: c(0.1, "B-PWR-6: a slow keypad, said only when nothing clearer shows (seed 004)"),
  },
} satisfies Record<FaultId, Partial<Record<SymptomId, Cited>>>;

export const SYMPTOM_LEAK: Cited = c(
  0.01,
  "ours: a symptom described with none of its causes present (a misdescription), 1 in 100",
);
