/**
 * The simulated person of the evaluation (issue 15): exact without senses; with them, they
 * misread at their rate, say "don't know" to what they cannot tell, "no app" without the
 * app, and mention only some of what they noticed.
 */
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../twin/seeded-random.ts";
import { buildWorld } from "./build-world.ts";
import { answerOnTwin, newRetryMemory, reportFromLock } from "./person.ts";
import { plainSpec, plainWorld } from "./plain-world.ts";

describe("the simulated person", () => {
  it("reads exactly without senses, and misreads at their own rate with them", () => {
    const exact = plainWorld("smartcode-914", ["strike-misaligned"], 2);
    if (!exact) throw new Error("cannot build");
    for (let i = 0; i < 50; i++)
      expect(answerOnTwin("keypad-look", exact, newRetryMemory(), 0)).toBe("clean");
    const spec = {
      ...plainSpec("smartcode-914", ["strike-misaligned"], 2),
      person: { misread: 0.06, dontKnow: 0, mentions: 1, triedDoorOpen: false },
    };
    const noisy = buildWorld(spec);
    if (typeof noisy === "string") throw new Error(noisy);
    let wrong = 0;
    const n = 3000;
    for (let i = 0; i < n; i++)
      if (answerOnTwin("keypad-look", noisy, newRetryMemory(), 0) !== "clean") wrong++;
    expect(wrong / n).toBeGreaterThan(0.045);
    expect(wrong / n).toBeLessThan(0.075);
  });

  it("says 'don't know' to what they cannot find out, and 'no app' without the app", () => {
    const base = plainSpec("halo", ["code-deleted"], 4);
    const spec = {
      ...base,
      household: { ...base.household, usesApp: false, hasMeter: false, remembersOther: false },
    };
    const w = buildWorld(spec, { exact: true });
    if (typeof w === "string") throw new Error(w);
    const m = newRetryMemory();
    expect(answerOnTwin("app-code-list", w, m, 0)).toBe("no-app");
    expect(answerOnTwin("app-mode", w, m, 0)).toBe("no-app");
    expect(answerOnTwin("cell-voltage", w, m, 0)).toBe("dont-know");
    expect(answerOnTwin("other-code", w, m, 0)).toBe("dont-know");
    expect(answerOnTwin("a-question-nobody-asks", w, m, 0)).toBe("dont-know");
    expect(reportFromLock(w, new SeededRandom(1)).intake["app-shows"]).toBeUndefined();
  });

  it("answers whether every slot is used from the code count they keep, not from the lock's memory", () => {
    const base = plainSpec("smartcode-914", ["code-capacity-full"], 5);
    const knows = buildWorld(base, { exact: true });
    const forgets = buildWorld(
      { ...base, household: { ...base.household, knowsCodeCount: false } },
      { exact: true },
    );
    if (typeof knows === "string" || typeof forgets === "string") throw new Error("cannot build");
    expect(answerOnTwin("slots-full", knows, newRetryMemory(), 0)).toBe("yes");
    // The lock is just as full; a household that keeps no count cannot say so.
    expect(answerOnTwin("slots-full", forgets, newRetryMemory(), 0)).toBe("dont-know");
    const roomy = plainWorld("smartcode-914", ["wrong-code"], 5);
    if (!roomy) throw new Error("cannot build");
    expect(answerOnTwin("slots-full", roomy, newRetryMemory(), 0)).toBe("no");
  });

  it("mentions the main complaint always, the others only sometimes", () => {
    const base = plainSpec("smartcode-914", ["strike-misaligned"], 3, { severity: 1 });
    let said = 0;
    let noticed = 0;
    for (let seed = 0; seed < 40; seed++) {
      const w = buildWorld({ ...base, person: { ...base.person, mentions: 0.5 } }, { exact: true });
      if (typeof w === "string") throw new Error(w);
      const r = reportFromLock(w, new SeededRandom(seed));
      expect(r.symptoms[0]).toBe(r.noticed[0]);
      expect(r.noticed.length).toBeGreaterThan(1);
      said += r.symptoms.length - 1;
      noticed += r.noticed.length - 1;
    }
    expect(said / noticed).toBeGreaterThan(0.3);
    expect(said / noticed).toBeLessThan(0.7);
  });
});
