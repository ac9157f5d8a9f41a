/**
 * The session API the CLI and the hub use, and the factory-reset rule of issue 6: never
 * proposed while a cheaper fix with a real chance is untried, and always with what it erases.
 */
import { describe, expect, it } from "vitest";
import { PROFILE_IDS } from "../../core/profiles/index.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { SYMPTOM_IDS } from "../knowledge/ids.ts";
import type { SymptomId } from "../knowledge/ids.ts";
import { DEFAULT_KNOWLEDGE_BASE } from "../knowledge/knowledge-base.ts";
import { troubleshootLock } from "../eval/troubleshoot-lock.ts";
import { reportFromLock } from "../world/person.ts";
import { plainWorld } from "../world/plain-world.ts";
import { LIKELY_FIX } from "./planner.ts";
import type { Step } from "./session.ts";
import { createSession } from "./session.ts";

const kb = DEFAULT_KNOWLEDGE_BASE;
const RESET_MINUTES = kb.fixes.find((f) => f.id === "factory-reset")?.minutes.value ?? 30;

function checkResetRule(step: Step): void {
  if (step.kind !== "fix" || step.fix !== "factory-reset") return;
  expect(step.warning, "a factory reset always says what it erases").toMatch(/codes/);
  expect(step.warning).toMatch(/handing/);
  expect(step.warning).toMatch(/pair/);
  for (const p of step.plan) {
    if (p.fix === "factory-reset") continue;
    if (p.minutes < RESET_MINUTES)
      expect(p.chance, `${p.fix} is cheaper than a reset`).toBeLessThan(LIKELY_FIX);
  }
}

describe("the factory-reset rule", () => {
  it("holds over 120 random sessions: random symptoms, models, answers and failed fixes", () => {
    const rng = new SeededRandom(2026);
    let resets = 0;
    for (let n = 0; n < 120; n++) {
      const symptoms = SYMPTOM_IDS.filter(() => rng.next() < 0.15);
      const symptom = (symptoms[0] ?? SYMPTOM_IDS[rng.int(SYMPTOM_IDS.length)]) as SymptomId;
      const profile = PROFILE_IDS[rng.int(PROFILE_IDS.length)] as string;
      const session = createSession(
        kb,
        { symptom, alsoSymptoms: symptoms.slice(1), profile },
        { maxFaults: rng.next() < 0.5 ? 1 : 2 },
      );
      for (let k = 0; k < 25; k++) {
        const step = session.next();
        if (step.kind === "done") break;
        if (step.kind === "ask") {
          // Mostly real answers; now and then "don't know" (no evidence).
          const real = step.answers.filter((a) => a.value !== "dont-know" && a.value !== "no-app");
          const pick =
            rng.next() < 0.1 ? "dont-know" : (real[rng.int(real.length)] as { value: string }).value;
          session.answer(step.observation, pick);
          continue;
        }
        if (step.fix === "factory-reset") resets++;
        checkResetRule(step);
        session.applied(step.fix, rng.next() < 0.1);
      }
    }
    expect(resets, "the sessions reach a factory reset often enough to test the rule").toBeGreaterThan(10);
  });

  it("a forgotten master code: the first fix is the reset, with its warning (nothing cheaper can help)", () => {
    const session = createSession(kb, {
      symptom: "forgot-master-code",
      symptomsComplete: true,
      profile: "halo",
    });
    let step = session.next();
    // A few quick questions may come first (a healthy answer to each); the first fix is the reset.
    for (let k = 0; k < 8 && step.kind === "ask"; k++) {
      session.answer(step.observation, step.answers[0]?.value ?? "");
      step = session.next();
    }
    expect(step.kind === "fix" && step.fix).toBe("factory-reset");
    checkResetRule(step);
    expect(step.kind === "fix" && step.warning).toContain("every user code");
  });

  it("corrupted memory looks like no codes: without telemetry the 2-minute code comes before the reset", () => {
    const lock = plainWorld("smartcode-914", ["memory-corrupted"], 3);
    if (!lock) throw new Error("cannot build");
    const run = troubleshootLock(kb, lock, reportFromLock(lock, new SeededRandom(3)), {
      maxFaults: 1,
      telemetry: false,
    });
    const fixes = run.transcript.flatMap((t) => (t.step.kind === "fix" ? [t.step.fix] : []));
    for (const t of run.transcript) checkResetRule(t.step);
    expect(fixes[0]).toBe("program-user-code");
    expect(fixes).toContain("factory-reset");
    expect(run.fixed).toBe(true);
  });

  it("with telemetry showing no handing and no codes, the reset comes first: nothing cheaper has a 5 % chance", () => {
    const lock = plainWorld("smartcode-914", ["memory-corrupted"], 3);
    if (!lock) throw new Error("cannot build");
    const run = troubleshootLock(kb, lock, reportFromLock(lock, new SeededRandom(3)), {
      maxFaults: 1,
      telemetry: true,
    });
    const first = run.transcript.find((t) => t.step.kind === "fix");
    expect(first?.step.kind === "fix" && first.step.fix).toBe("factory-reset");
    if (first) checkResetRule(first.step);
    expect(run.fixed).toBe(true);
  });
});

describe("the session API", () => {
  it("ranks causes, explains in words, and stops when the lock works", () => {
    const session = createSession(kb, {
      symptom: "red-flashes-beeps",
      profile: "smartcode-914",
      answers: {
        "lock-press-signal": "battery",
        "lock-press-sound": "silent",
        "lock-press-bolt": "stays",
        "code-result": "opens",
      },
    });
    const causes = session.causes(3);
    expect(causes[0]?.fault).toBe("battery-critical");
    expect(causes[0]?.probability).toBeGreaterThan(0.9);
    expect(session.explain()).toMatch(/the likely cause is nearly empty cells/);
    const step = session.next();
    expect(step.kind === "fix" && step.fix).toBe("replace-batteries");
    expect(session.next()).toBe(step); // the same step until it is acted on
    session.applied("replace-batteries", true);
    expect(session.next()).toMatchObject({ kind: "done", outcome: "fixed" });
    expect(session.steps).toBe(1);
    expect(session.minutes).toBe(5);
  });

  it("explains telemetry with the lock's own numbers", () => {
    const lock = plainWorld("smartcode-914", ["battery-low"], 1);
    if (!lock) throw new Error("cannot build");
    const report = reportFromLock(lock, new SeededRandom(1));
    const session = createSession(kb, {
      symptom: "wont-lock-unlocks-fine",
      profile: "smartcode-914",
      telemetry: report.telemetry,
      history: report.history,
    });
    // Its strongest two pieces, in the lock's numbers: the pack at rest or under the motor, and
    // (since the last run says where the bolt stalled) a run that stalled at once.
    expect(session.explain()).toMatch(
      /(pack reads \d\.\d\d V at rest|battery voltage fell to 3\.\d V under the motor).*: the likely cause is weak cells/i,
    );
  });

  it("rejects an answer that is not one of the question's", () => {
    const session = createSession(kb, { symptom: "key-stiff" });
    expect(() => session.answer("key-door-open", "wobbly")).toThrow(/not an answer/);
  });

  it("'don't know' and 'no app' are no evidence: the ranking stays, the question is set aside", () => {
    const session = createSession(kb, { symptom: "wont-unlock-with-code", profile: "halo" });
    const before = session.causes(5);
    for (let i = 0; i < 6; i++) {
      const step = session.next();
      if (step.kind !== "ask") break;
      expect(step.answers.map((a) => a.value)).toContain("dont-know");
      session.answer(
        step.observation,
        step.answers.some((a) => a.value === "no-app") ? "no-app" : "dont-know",
      );
      expect(session.causes(5)).toEqual(before);
      const again = session.next();
      expect(again.kind === "ask" && again.observation).not.toBe(step.observation);
    }
  });

  it("widens to two causes when no single cause is left to try: weak cells in the cold", () => {
    const lock = plainWorld("smartcode-914", ["battery-low", "cold-weather"], 5);
    if (!lock) throw new Error("cannot build");
    const report = reportFromLock(lock, new SeededRandom(5));
    const run = troubleshootLock(kb, lock, report, { maxFaults: 1, telemetry: true });
    expect(run.fixed).toBe(true);
    const fixes = run.transcript.flatMap((t) => (t.step.kind === "fix" ? [t.step.fix] : []));
    expect(fixes).toContain("replace-batteries");
    expect(fixes).toContain("warm-up");
  });
});

describe("explanations agree with the numbers (issue 15)", () => {
  const pct = (p: number): string =>
    p >= 0.995 ? "over 99" : p < 0.01 ? "under 1" : String(Math.round(p * 100));
  it("the cause called likeliest is the likeliest now, with the percentage the bars show", () => {
    const rng = new SeededRandom(15);
    let checked = 0;
    for (let n = 0; n < 40; n++) {
      const symptom = SYMPTOM_IDS[rng.int(SYMPTOM_IDS.length)] as SymptomId;
      const profile = PROFILE_IDS[rng.int(PROFILE_IDS.length)] as string;
      const session = createSession(kb, { symptom, profile }, { maxFaults: 2 });
      for (let k = 0; k < 12; k++) {
        const now = session.causes(2, { by: "now" });
        const texts = [session.explain()];
        const step = session.next();
        if (step.kind === "done") break;
        if (step.kind === "fix") texts.push(step.why);
        for (const t of texts) {
          const m =
            /the likel(?:y|iest) cause is (.+?) \((over 99|under 1|\d+) %\)(?:, ahead of (.+?) \((over 99|under 1|\d+) %\))?/.exec(
              t,
            );
          if (!m) continue;
          checked++;
          expect(m[1], t).toBe(now[0]?.cause);
          expect(m[2], t).toBe(pct(now[0]?.stillPresent ?? 0));
          if (m[3] !== undefined) {
            expect(m[3], t).toBe(now[1]?.cause);
            expect(
              Number.parseFloat(m[2] === "under 1" ? "0" : m[2] === "over 99" ? "100" : (m[2] as string)),
            ).toBeGreaterThanOrEqual(
              Number.parseFloat(m[4] === "under 1" ? "0" : m[4] === "over 99" ? "100" : (m[4] as string)),
            );
          }
        }
        if (step.kind === "ask") {
          const real = step.answers.filter((a) => a.value !== "dont-know" && a.value !== "no-app");
          session.answer(step.observation, (real[rng.int(real.length)] as { value: string }).value);
        } else session.applied(step.fix, rng.next() < 0.15);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("the bars' order 'now' follows what is still present after a fix that failed", () => {
    const session = createSession(kb, { symptom: "wont-lock-unlocks-fine", profile: "smartcode-914" });
    session.applied("replace-batteries", false);
    const now = session.causes(31, { by: "now" });
    for (let i = 1; i < now.length; i++)
      expect((now[i - 1] as { stillPresent: number }).stillPresent).toBeGreaterThanOrEqual(
        (now[i] as { stillPresent: number }).stillPresent,
      );
    const weak = now.find((c) => c.fault === "battery-low");
    expect(weak?.stillPresent).toBeLessThan(0.05); // new cells failed: weak cells are no longer likely
    expect(weak?.probability).toBeGreaterThan(weak?.stillPresent ?? 1);
  });
});

describe("a complaint that is a test's result answers that test (FAULTS strike-misaligned, works-open-not-closed)", () => {
  // FAULTS.md: testing with the door open tells strike friction from the rest (seeds 000,
  // 004). "It works with the door open but not closed" says the person did it and it locked.
  it("the door-open test is not asked again before a fix, and counts as 'it locks with the door open'", () => {
    const said = createSession(kb, { symptom: "works-open-not-closed", profile: "smartcode-914" });
    const answered = createSession(kb, {
      symptom: "works-open-not-closed",
      profile: "smartcode-914",
      answers: { "lock-door-open": "extends" },
    });
    expect(said.causes(5)).toEqual(answered.causes(5));
    expect(said.causes(1)[0]?.fault).toBe("strike-misaligned");
    // Whatever else is asked before the first fix, the door-open test is not.
    for (let n = 0; n < 20; n++) {
      const step = said.next();
      if (step.kind !== "ask") break;
      expect(step.observation).not.toBe("lock-door-open");
      said.answer(step.observation, (step.answers[0] as { value: string }).value);
    }
  });

  it("an answer the report gives itself wins over the one the complaint implies", () => {
    const s = createSession(kb, {
      symptom: "works-open-not-closed",
      profile: "smartcode-914",
      answers: { "lock-door-open": "fails" },
    });
    const t = createSession(kb, { symptom: "works-open-not-closed", profile: "smartcode-914" });
    const strike = (x: typeof s): number =>
      x.causes().find((c) => c.fault === "strike-misaligned")?.probability ?? 0;
    expect(strike(s)).toBeLessThan(strike(t));
  });
});
