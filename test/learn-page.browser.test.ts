/**
 * The lock page for a person learning (issue 11, parts 2 and 3, and the support report): "start
 * here", the door open by default, the motor heard and seen, a lockout countdown, a hold timer,
 * no internal ids in what a person reads, skips of a day, a week and a month, the page on a
 * 390 px phone and a 1280 px desk (screenshots kept in docs/screens/), an axe-core scan with no
 * serious or critical violation, signals announced, digits typed on the keyboard, seed 000's
 * Final Fix Checklist done from the page on a lock with low batteries, and a support report whose
 * scenario file makes a fresh lock with the same symptom. Same Chromium, build and server as the
 * other browser tests (browser-harness.ts).
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { DEFAULT_LOCKS } from "../src/server/create-server.ts";
import type { Harness } from "./browser-harness.ts";
import {
  MISSING_CHROMIUM,
  attr,
  button,
  it,
  root,
  seriousAxeViolations,
  startHarness,
  typeKeys,
  until,
} from "./browser-harness.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/**
 * The screenshots of docs/web.md ("Learning on the page"): refreshed in docs/screens/ only when
 * asked (LATCHKEY_SCREENSHOT=1) or missing, so a test run leaves the tree clean; otherwise they
 * go to test-results/screens/.
 */
const DOCS_SCREENS = join(ROOT, "docs", "screens");
const SCREENS =
  process.env["LATCHKEY_SCREENSHOT"] === "1" || !existsSync(join(DOCS_SCREENS, "lock-390.png"))
    ? DOCS_SCREENS
    : join(ROOT, "test-results", "screens");

let harness: Harness | undefined;

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  // Its own build folder: this file runs alongside the other browser tests.
  harness = await startHarness({ ownBuild: true });
  mkdirSync(SCREENS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await harness?.close();
});

const CODE = "2947";

async function open(id: string, width = 1280, height = 900): Promise<Page> {
  const page = await harness!.openLock(id);
  await page.setViewportSize({ width, height });
  return page;
}

/** The start-here card is for a first visit: tests that are not about it put it away. */
async function hideStartHere(page: Page): Promise<void> {
  const hide = page.locator('[data-action="hide-start-here"]');
  if (await hide.isVisible()) await hide.click();
}

/** Elements that stick out of the window sideways (a horizontal scroll on a phone). */
async function overflowing(page: Page, within = "body"): Promise<string[]> {
  return page.evaluate(`(() => {
    const sel = ${JSON.stringify(within)};
    const out = [];
    for (const el of document.querySelectorAll(sel + ", " + sel + " *")) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1))
        out.push(el.tagName.toLowerCase() + "." + String(el.className) + " " + Math.round(r.left) + "–" + Math.round(r.right));
    }
    return out.slice(0, 10);
  })()`) as Promise<string[]>;
}

async function announcements(page: Page): Promise<string> {
  return (await page.locator("[data-announcements]").textContent()) ?? "";
}

/** What a person reads on the lock page (text, not tooltips or data attributes). */
async function visibleText(page: Page): Promise<string> {
  return root(page).innerText();
}

describe("the lock page for a person learning", () => {
  it("start here on a first visit, hidden once dismissed (remembered over a reload), shown again from the header", async () => {
    const lock = await harness!.makeLock({
      name: "First",
      lock: { profile: "smartcode-914", state: "ready" },
    });
    const page = await open(lock.id);
    const card = page.locator("[data-start-here]");
    await card.waitFor();
    await expect.poll(() => card.innerText()).toMatch(/door open/i);
    expect(await card.innerText()).toMatch(/Program\s*→\s*slot number/);
    await button(page, "Got it — hide this").click();
    await card.waitFor({ state: "detached" });
    await page.reload();
    await root(page).waitFor();
    expect(await card.count()).toBe(0);
    const again = page.locator('[data-action="start-here"]');
    expect(await again.getAttribute("aria-expanded")).toBe("false");
    await again.click();
    await card.waitFor();
    await page.close();
  });

  it("a new lock's door is open by default: the page's form, the server's lock block and npm start's first lock", async () => {
    expect(DEFAULT_LOCKS[0]?.lock.door).toBe("open");
    const made = await harness!.makeLock({ lock: { profile: "smartcode-914" } });
    expect(made.doorClosed).toBe(false);
    const page = await open(made.id);
    await hideStartHere(page);
    await button(page, "Add a lock").click();
    const form = page.getByRole("form", { name: "Add a lock" });
    expect(await form.getByRole("button", { name: "open", exact: true }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await form.getByRole("textbox", { name: "Name" }).fill("Shed");
    await button(page, "Add the lock").click();
    await page.locator('section.lock[aria-label="Lock: Shed"]').waitFor();
    expect(await attr(page, "door")).toBe("open");
    // A scenario file's explicit door still counts.
    const closed = await harness!.makeLock({ lock: { profile: "smartcode-914", door: "closed" } });
    expect(closed.doorClosed).toBe(true);
    await page.close();
  });

  it("B-BOLT-2: the motor heard and seen — a whirr and a turning gear while it runs; with the clutch out, 'running, but the bolt is not moving' is shown and announced", async () => {
    const lock = await harness!.makeLock({
      name: "Clutch",
      lock: { profile: "smartcode-914", state: "ready", door: "open", codes: [{ slot: 1, code: CODE }] },
    });
    // Count the low oscillators the page starts (the beeper is 2.7 kHz; the whirr is under 500 Hz).
    await harness!.context.addInitScript(`(() => {
      window.__whirrs = 0;
      if (typeof AudioContext !== "function") return;
      const make = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function () {
        const osc = make.call(this);
        const start = osc.start.bind(osc);
        osc.start = (when) => {
          if (osc.frequency.value < 500 && osc.frequency.value > 20) window.__whirrs++;
          start(when);
        };
        return osc;
      };
    })()`);
    const page = await open(lock.id);
    await hideStartHere(page);
    // A healthy run: the gear turns while the bolt moves.
    await typeKeys(page, "lock");
    await until(page, "motor", "driving");
    await until(page, "motor", "still");
    expect(await attr(page, "bolt")).toBe("extended");
    await typeKeys(page, `${CODE} lock`);
    await until(page, "bolt", "retracted");

    await page.locator('li[data-fault="clutch-disengaged"]').waitFor();
    await button(page, "Inject fault clutch-disengaged").click();
    await until(page, "clutch", "disengaged");
    await typeKeys(page, "lock");
    await until(page, "motor", "free-spin");
    const gear = page.locator('[data-motor-view="free-spin"]');
    expect(await gear.getByRole("img").getAttribute("aria-label")).toBe(
      "Motor running, but the bolt is not moving",
    );
    expect(
      await page.evaluate(
        `getComputedStyle(document.querySelector('[data-motor-view="free-spin"] .gear')).animationName`,
      ),
    ).toBe("gear-turn");
    await expect.poll(() => announcements(page)).toMatch(/motor is running, but the bolt is not moving/);
    expect(await attr(page, "bolt")).toBe("retracted");
    const whirrs = (await page.evaluate("window.__whirrs")) as number;
    const audio = (await page.evaluate("typeof AudioContext")) as string;
    if (audio === "function") expect(whirrs).toBeGreaterThan(0);
    await page.close();
  });

  it("B-SEC-1: digits typed on the keyboard press the keypad; a lockout counts down and ends with a skip", async () => {
    const lock = await harness!.makeLock({
      name: "Countdown",
      lock: { profile: "smartcode-914", state: "ready", door: "open", codes: [{ slot: 1, code: CODE }] },
    });
    const page = await open(lock.id);
    await hideStartHere(page);
    await page.locator("body").click({ position: { x: 2, y: 2 } });
    // Typed digits, then the Lock key: five wrong codes lock the keypad out (B-SEC-1).
    for (let i = 0; i < 5; i++) {
      await page.keyboard.type("1111");
      await typeKeys(page, "lock");
      await page.waitForTimeout(150);
    }
    await until(page, "keypad", "locked-out");
    const timer = page.locator(".lockout-countdown [role=timer]");
    await timer.waitFor();
    expect(await timer.innerText()).toMatch(/^[45]:\d\d$/);
    expect(await attr(page, "bolt")).toBe("retracted");
    await expect.poll(() => announcements(page)).toMatch(/The lock: .*\(wrong code\)/);
    await button(page, "Skip 5 minutes").click();
    await until(page, "keypad", "active");
    expect(await page.locator(".lockout-countdown").count()).toBe(0);
    // The right code typed on the keyboard unlocks.
    await typeKeys(page, "lock");
    await until(page, "bolt", "extended");
    await page.locator("body").click({ position: { x: 2, y: 2 } });
    await page.keyboard.type(CODE);
    await typeKeys(page, "lock");
    await until(page, "bolt", "retracted");
    await page.close();
  });

  it("the clock stops ticking while the tab is hidden (document.visibilityState) and goes on once shown", async () => {
    const lock = await harness!.makeLock({
      name: "Idle",
      lock: { profile: "smartcode-914", state: "ready" },
    });
    const page = await open(lock.id);
    await hideStartHere(page);
    const clock = page.locator(".time-controls .clock time");
    const first = await clock.innerText();
    // It ticks (seconds shown). 20 s, not the poll's 5 s: the fresh-clone CI on a loaded machine
    // (browser files beside it) once saw no tick within 5 s.
    await expect.poll(() => clock.innerText(), { timeout: 20_000 }).not.toBe(first);
    const setHidden = (hidden: boolean) =>
      page.evaluate(`(() => {
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => ${hidden ? '"hidden"' : '"visible"'} });
        document.dispatchEvent(new Event("visibilitychange"));
      })()`);
    await setHidden(true);
    // Read every 250 ms for 3 s: a ticking clock shows at least four seconds. A snapshot from
    // the server (sent before the tab was hidden, or a change at the lock) may still redraw it
    // once with the time as it is — that is not the clock ticking (CI under load saw one).
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      seen.add(await clock.innerText());
      await page.waitForTimeout(250);
    }
    expect(seen.size).toBeLessThanOrEqual(2);
    const frozen = await clock.innerText();
    await setHidden(false);
    await expect.poll(() => clock.innerText(), { timeout: 20_000 }).not.toBe(frozen);
    await page.close();
  });

  it("a hold timer counts while Program is held; skips of a day, a week and a month age the pack", async () => {
    const lock = await harness!.makeLock({
      name: "Hold",
      lock: { profile: "smartcode-914", state: "ready" },
    });
    const page = await open(lock.id);
    await hideStartHere(page);
    await button(page, "Keep Program held").click();
    const timer = page.locator('[data-hold-timer="program"]');
    await timer.waitFor();
    await expect
      .poll(async () => Number(/([\d.]+) s/.exec(await timer.innerText())?.[1]), { timeout: 5_000 })
      .toBeGreaterThan(1);
    await button(page, "Program: held — let go").click();
    await timer.waitFor({ state: "detached" });

    const startMs = (await (await fetch(`${harness!.base}/api/locks/${lock.id}`)).json()) as {
      nowMs: number;
      pack: { restV: number };
    };
    for (const name of ["Skip 1 day", "Skip 1 week", "Skip 1 month"]) await button(page, name).click();
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${harness!.base}/api/locks/${lock.id}`)).json()) as { nowMs: number }).nowMs,
      )
      .toBeGreaterThanOrEqual(startMs.nowMs + 38 * 24 * 3_600_000);
    const after = (await (await fetch(`${harness!.base}/api/locks/${lock.id}`)).json()) as {
      pack: { restV: number };
    };
    expect(after.pack.restV).toBeLessThan(startMs.pack.restV);
    await page.close();
  });

  it("no internal ids in what a person reads: how-to titles in words, the 275's enter arrow ▸, signals in words (ids in tooltips)", async () => {
    const lock = await harness!.makeLock({
      name: "Touch",
      lock: { profile: "smartcode-275", state: "ready", door: "open" },
    });
    const page = await open(lock.id);
    await hideStartHere(page);
    const howTo = page.locator("section.procedures");
    expect(await howTo.innerText()).toContain("▸ enter arrow");
    expect(await howTo.locator("dt").first().getAttribute("title")).toMatch(/B-PRG-\d/);
    // A handing run gives the handingSuccess signal: shown in words.
    const p914 = await harness!.makeLock({
      name: "Words",
      lock: { profile: "smartcode-914", state: "ready", door: "open" },
    });
    const page2 = await open(p914.id);
    await hideStartHere(page2);
    await page2.locator('li[data-fix="run-door-handing"]').waitFor();
    await button(page2, "Apply fix run-door-handing").click();
    await expect
      .poll(() => page2.locator('.signal-log li[data-signal="handingSuccess"]').count())
      .toBeGreaterThan(0);
    for (const p of [page, page2]) {
      const text = await visibleText(p);
      expect(text).not.toMatch(/\bB-[A-Z]+-\d+/);
      expect(text).not.toMatch(/\((handingSuccess|codeAccepted|programSuccess)\)/);
      expect(text).not.toMatch(/\b(run-door-handing|replace-batteries|clutch-disengaged)\b/);
    }
    expect(await page2.locator('.signal-log li[data-signal="handingSuccess"]').first().innerText()).toMatch(
      /door handing learned/,
    );
    await page.close();
    await page2.close();
  });
});

describe("on a 390 px phone and a 1280 px desk", () => {
  for (const width of [390, 1280]) {
    it(`${width} px: nothing sticks out, the keypad is near Program, axe finds no serious or critical violation (lock page and troubleshooter)`, async () => {
      const lock = await harness!.makeLock({
        name: "Front door",
        lock: { profile: "smartcode-914", state: "ready", door: "open", codes: [{ slot: 1, code: CODE }] },
      });
      // A clean page for the screenshot: this lock only, no tabs left from the other tests.
      const all = (await (await fetch(`${harness!.base}/api/locks`)).json()) as { locks: { id: string }[] };
      for (const other of all.locks.filter((l) => l.id !== lock.id))
        await fetch(`${harness!.base}/api/locks/${encodeURIComponent(other.id)}`, { method: "DELETE" });
      const page = await open(lock.id, width, 900);
      // On a phone a lock's tab shows its name only; at a desk its model too.
      expect(await page.locator('[role="tab"] .tab-model').first().isVisible()).toBe(width !== 390);
      // The first visit's view: "start here" shown (another test may have put it away).
      const startHere = page.locator('[data-action="start-here"]');
      if ((await startHere.getAttribute("aria-expanded")) === "false") await startHere.click();
      await page.locator("[data-start-here]").waitFor();
      expect(await overflowing(page)).toEqual([]);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENS, `lock-${width}.png`), fullPage: false });
      await hideStartHere(page);
      const gap = (await page.evaluate(`(() => {
        const keypad = document.querySelector(".keypad").getBoundingClientRect();
        const program = document.querySelector('[data-key="program"]').getBoundingClientRect();
        return Math.abs(program.top - keypad.top);
      })()`)) as number;
      // On a phone the inside comes right after the keypad (it was ~1,100 px down); at a desk side by side.
      expect(gap).toBeLessThan(width === 390 ? 700 : 200);
      // Every control is named.
      const unnamed = (await page.evaluate(`[...document.querySelectorAll("button, a[href], input, select")]
        .filter((el) => {
          const label = el.getAttribute("aria-label") ?? el.innerText ?? "";
          const labelled = el.labels?.length ?? 0;
          return label.trim() === "" && labelled === 0 && !el.getAttribute("aria-labelledby");
        })
        .map((el) => el.outerHTML.slice(0, 80))`)) as string[];
      expect(unnamed).toEqual([]);

      // The troubleshooter, started for this lock with its telemetry.
      await typeKeys(page, "lock");
      await until(page, "bolt", "extended");
      await button(page, "Troubleshoot this lock").click();
      await page.getByRole("radio", { name: "It behaves erratically.", exact: true }).check();
      expect(await page.getByRole("checkbox", { name: /telemetry/ }).isChecked()).toBe(true);
      await button(page, "Start troubleshooting").click();
      const doctor = page.locator("section.troubleshooter");
      await doctor.locator(".doctor-step[data-step-kind]").waitFor();
      expect(await doctor.innerText()).toContain("with the lock's telemetry");
      expect(await overflowing(page, "section.troubleshooter")).toEqual([]);
      expect(await overflowing(page)).toEqual([]);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await doctor.scrollIntoViewIfNeeded();
      await doctor.screenshot({ path: join(SCREENS, `troubleshooter-${width}.png`) });
      await page.close();
    }, 120_000);
  }
});

describe("seed 000 from the page", () => {
  it("Final Fix Checklist on a lock with low batteries, entirely from the page: fresh AAs, a code with the door open, door handing, key check — then it locks and unlocks", async () => {
    const lock = await harness!.makeLock({
      name: "Low batteries",
      lock: { profile: "smartcode-914", state: "ready", door: "closed", faults: ["battery-low"] },
    });
    const page = await open(lock.id);
    await hideStartHere(page);
    // The symptom: Lock from the outside does not lock.
    await typeKeys(page, "lock");
    await page.waitForTimeout(1_500);
    expect(await attr(page, "bolt")).toBe("retracted");

    // 1. Swap in four fresh alkaline AAs.
    await page.getByRole("button", { name: /^Put in a new fresh pack/ }).click();
    await expect.poll(() => page.getByTestId("pack-state").innerText()).toMatch(/fresh pack/);
    // 2. Program at least one user code with the door open.
    await button(page, "Open the door").click();
    await until(page, "door", "open");
    await typeKeys(page, `program 1 lock ${CODE} lock`);
    await until(page, "codes", "1");
    // 3. Door handing calibration after the battery change (seed 000's way): pack out, hold
    //    Program, pack in, keep holding 3 s (the hold timer counts), release, press Program.
    await button(page, "Take the pack out").click();
    await until(page, "pack", "out");
    await button(page, "Keep Program held").click();
    await button(page, "Put the pack back").click();
    await until(page, "pack", "in");
    const timer = page.locator('[data-hold-timer="program"]');
    await expect
      .poll(async () => Number(/([\d.]+) s/.exec(await timer.innerText())?.[1]), { timeout: 8_000 })
      .toBeGreaterThan(3.2);
    await button(page, "Program: held — let go").click();
    const signalsBefore = Number(await attr(page, "signal-count"));
    await typeKeys(page, "program");
    await expect
      .poll(() => page.locator('.signal-log li[data-signal="handingSuccess"]').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(Number(await attr(page, "signal-count"))).toBeGreaterThan(signalsBefore);
    await until(page, "handed", "true");
    await until(page, "bolt", "retracted");
    // 4. The key turns smoothly with the door open (no strike or bolt stiffness): lock and unlock.
    await button(page, "Turn the key to lock").click();
    await until(page, "bolt", "extended");
    await button(page, "Turn the key to unlock").click();
    await until(page, "bolt", "retracted");
    // 5. No factory reset needed: the lock works from the keypad with the door closed.
    await button(page, "Close the door").click();
    await until(page, "door", "closed");
    await typeKeys(page, "lock");
    await until(page, "bolt", "extended");
    await typeKeys(page, `${CODE} lock`);
    await until(page, "bolt", "retracted");
    // 6. Had it still failed: the support report lists the steps tried.
    await button(page, "Support report").click();
    await page.locator("[data-support-report]").waitFor();
    await page.close();
  }, 120_000);

  it("a support report in one click — seed 000's five items, telemetry, history, a scenario file — and its file makes a fresh lock with the same symptom", async () => {
    const lock = await harness!.makeLock({
      name: "Customer door",
      lock: {
        profile: "smartcode-914",
        state: "ready",
        door: "open",
        codes: [
          { slot: 1, code: CODE },
          { slot: 2, code: "5813" },
        ],
        faults: ["clutch-disengaged"],
      },
    });
    const page = await open(lock.id);
    await hideStartHere(page);
    // The symptom, recorded: the motor runs, the bolt stays.
    await typeKeys(page, "lock");
    await until(page, "motor", "free-spin");
    await button(page, "×10").click();
    await until(page, "reported", "jammed");
    await button(page, "Real time").click();

    await button(page, "Support report").click();
    const view = page.locator("[data-support-report]");
    await view.waitFor();
    expect(await view.locator(".support-items li").count()).toBe(5);
    const text = await view.innerText();
    expect(text).toContain("1-800-327-5625");
    expect(text).toMatch(/SmartCode 913\/914\/915/);
    expect(text).toMatch(/2 user codes/);
    expect(text).toMatch(/receipt/);

    // The downloads: Markdown for a person, JSON for a tool.
    const md = await page.request.get(
      `${harness!.base}${await view.locator('[data-action="download-report"]').getAttribute("href")}`,
    );
    expect(md.headers()["content-disposition"]).toMatch(/attachment; filename=".*support-report\.md"/);
    expect(await md.text()).toMatch(/Recording of the symptom[\s\S]*motor ran/);
    const json = (await (
      await page.request.get(`${harness!.base}/api/locks/${lock.id}/support-report`)
    ).json()) as {
      gather: unknown[];
      codes: { userCodes: number };
      recording: { trace: { what: string; text: string }[] };
      telemetry: { packV: unknown[] };
      history: unknown[];
      scenario: { file: string; filename: string };
    };
    expect(json.gather).toHaveLength(5);
    expect(json.codes.userCodes).toBe(2);
    expect(json.recording.trace.some((t) => t.what === "motor" && /bolt was not driven/.test(t.text))).toBe(
      true,
    );
    expect(json.telemetry.packV.length).toBeGreaterThan(0);
    expect(json.history.length).toBeGreaterThan(0);
    expect(json.scenario.file).toMatch(/clutch-disengaged/);

    // A fresh lock from the report's scenario file, loaded on the page.
    await page.locator('input[data-action="import-lock"]').setInputFiles({
      name: json.scenario.filename,
      mimeType: "application/yaml",
      buffer: Buffer.from(json.scenario.file),
    });
    await expect.poll(() => page.locator("[role=tab]").count()).toBeGreaterThan(1);
    await expect.poll(() => attr(page, "lock-id")).not.toBe(lock.id);
    expect(await attr(page, "clutch")).toBe("disengaged");
    expect(await attr(page, "codes")).toBe("2");
    if ((await attr(page, "door")) === "closed") await button(page, "Open the door").click();
    if ((await attr(page, "bolt")) !== "retracted") {
      await button(page, "Turn the thumbturn to unlock").click();
      await until(page, "bolt", "retracted");
    }
    // The same symptom: the motor runs, the bolt does not move.
    await typeKeys(page, "lock");
    await until(page, "motor", "free-spin");
    expect(await attr(page, "bolt")).toBe("retracted");
    await page.close();
  }, 120_000);
});
