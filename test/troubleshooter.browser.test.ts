/**
 * The troubleshooter page, end to end (issue 6): a fault injected from the faults panel, a
 * symptom picked in a person's words, the ranked causes drawn as bars, and each step the
 * engine asks for carried out on the simulated lock by clicking — until the lock works and
 * locks again. Same Chromium, build and server as the other browser tests (browser-harness.ts).
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Harness } from "./browser-harness.ts";
import { MISSING_CHROMIUM, attr, button, it, startHarness, typeKeys, until } from "./browser-harness.ts";

// The picture of the troubleshooter in docs/web.md: refreshed only when asked
// (LATCHKEY_SCREENSHOT=1) or missing, so a test run leaves the tree clean.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DOCS_SCREENSHOT = join(ROOT, "docs", "troubleshooter.png");
const SCREENSHOT =
  process.env["LATCHKEY_SCREENSHOT"] === "1" || !existsSync(DOCS_SCREENSHOT)
    ? DOCS_SCREENSHOT
    : join(ROOT, "test-results", "troubleshooter.png");

let harness: Harness | undefined;

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  // Its own build folder: this file runs alongside web-app.browser.test.ts.
  harness = await startHarness({ ownBuild: true });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

const CODE = "2947";

async function lockWithFault(name: string, fault: string): Promise<Page> {
  const lock = await harness!.makeLock({
    name,
    lock: { profile: "smartcode-914", state: "ready", door: "closed", codes: [{ slot: 1, code: CODE }] },
  });
  const page = await harness!.openLock(lock.id);
  await page.locator(`li[data-fault="${fault}"]`).waitFor();
  await button(page, `Inject fault ${fault}`).click();
  await expect.poll(() => page.locator(".fault-log li").count()).toBe(1);
  return page;
}

function panel(page: Page) {
  return page.locator("section.troubleshooter");
}

/** Opens the troubleshooter, picks the symptom by its words, and starts. */
async function startDoctor(page: Page, says: string, telemetry: boolean): Promise<void> {
  await button(page, "Troubleshoot this lock").click();
  await page.getByRole("radio", { name: says, exact: true }).check();
  const box = page.getByRole("checkbox", { name: /telemetry/ });
  if ((await box.isChecked()) !== telemetry) await box.click();
  await button(page, "Start troubleshooting").click();
  await panel(page).locator(".doctor-step[data-step-kind]").waitFor();
  await expect.poll(() => focusOnStep(page)).toBe(true);
}

/**
 * Whether the keyboard's focus is on the step's heading: the button pressed is disabled and
 * then replaced, and the focus used to fall to the top of the page after every step.
 */
function focusOnStep(page: Page): Promise<boolean> {
  return page.evaluate(
    "document.activeElement?.tagName === 'H4' && !!document.activeElement.closest('.doctor-step')",
  ) as Promise<boolean>;
}

async function topCause(page: Page): Promise<string | null> {
  return panel(page).locator('.cause-chart li[data-rank="1"]').getAttribute("data-cause");
}

interface Taken {
  kind: string;
  id: string;
  /** The top cause bar when the step was taken. */
  top: string | null;
}

/**
 * Takes each step the way the page offers it — "Do this test on the lock", "Apply this fix
 * to the lock" (confirming a factory reset) — until the session ends.
 */
async function followSteps(page: Page, max = 15): Promise<Taken[]> {
  const taken: Taken[] = [];
  const step = panel(page).locator(".doctor-step");
  for (let i = 0; i < max; i++) {
    const kind = (await step.getAttribute("data-step-kind")) ?? "";
    if (kind === "done") return taken;
    const logged = await panel(page).locator(".doctor-log li").count();
    const top = await topCause(page);
    if (kind === "fix") {
      const id = (await step.locator("h4 [data-fix]").getAttribute("data-fix")) ?? "";
      await button(page, "Apply this fix to the lock").click();
      if ((await step.getByRole("alertdialog").count()) > 0)
        await button(page, "Yes, erase and reset the lock").click();
      taken.push({ kind, id, top });
    } else {
      const name = kind === "test" ? "Do this test on the lock" : "Let the simulated person answer";
      await button(page, name).click();
      taken.push({ kind, id: "", top });
    }
    await expect
      .poll(() => panel(page).locator(".doctor-log li").count(), { timeout: 20_000 })
      .toBe(logged + 1);
    await expect.poll(() => focusOnStep(page)).toBe(true);
    const last = panel(page).locator(".doctor-log li").last();
    if (!taken.at(-1)!.id) taken.at(-1)!.id = (await last.getAttribute("data-log-id")) ?? "";
  }
  throw new Error(`the session did not end in ${max} steps: ${JSON.stringify(taken)}`);
}

/** Lock from the keypad with the door closed: the bolt goes out. */
async function locksAgain(page: Page): Promise<void> {
  expect(await attr(page, "door")).toBe("closed");
  if ((await attr(page, "bolt")) === "extended") {
    await typeKeys(page, `${CODE} lock`);
    await until(page, "bolt", "retracted");
  }
  await typeKeys(page, "lock");
  await until(page, "bolt", "extended");
  await until(page, "reported", "locked");
}

describe("the troubleshooter page", () => {
  it("clutch-disengaged on a 914: 'I hear the motor but the bolt doesn't move' → the clutch ranks first → reseat it on the lock → it locks", async () => {
    const page = await lockWithFault("Porch", "clutch-disengaged");
    await until(page, "clutch", "disengaged");
    // What made the person ask: Lock pressed, the motor whirs, the bolt stays.
    await typeKeys(page, "lock");
    await button(page, "×10").click();
    await until(page, "reported", "jammed");
    await button(page, "Real time").click();
    expect(await attr(page, "bolt")).toBe("retracted");

    await startDoctor(page, "I hear the motor but the bolt doesn't move.", true);
    // The ranked causes: bars with their probability as text and an accessible name.
    expect(await topCause(page)).toBe("clutch-disengaged");
    const bars = panel(page).locator(".cause-chart li[data-cause]");
    expect(await bars.count()).toBeGreaterThan(1);
    const meter = page.getByRole("meter", { name: /^a disengaged clutch: \d+ %$/ });
    expect(Number(await meter.getAttribute("aria-valuenow"))).toBeGreaterThan(50);
    expect(await panel(page).locator(".cause-chart li.is-top .cause-pct").textContent()).toMatch(/^\d+ %$/);
    await expect.poll(() => panel(page).locator(".doctor-explanation").textContent()).toMatch(/clutch/);

    const taken = await followSteps(page);
    expect(taken.filter((t) => t.kind === "fix").map((t) => t.id)).toContain("reseat-clutch");
    expect(taken.find((t) => t.id === "reseat-clutch")?.top).toBe("clutch-disengaged");
    const done = panel(page).locator('.doctor-done[data-outcome="fixed"]');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/works again.*\d+ steps?, about [\d.]+ min spent/);
    expect(await panel(page).getAttribute("data-doctor-status")).toBe("fixed");
    await until(page, "clutch", "engaged");

    await locksAgain(page);
    await page.close();
  });

  it("battery-low without telemetry: 'It unlocks with my code but won't lock' → tests done on the lock → new batteries → it locks", async () => {
    const page = await lockWithFault("Back door", "battery-low");
    await startDoctor(page, "It unlocks with my code but won't lock from the keypad.", false);
    expect(await panel(page).locator(".doctor-step").getAttribute("data-step-kind")).toBe("test");
    expect(await topCause(page)).toBe("battery-low");
    // A test step offers the lock, or the person's own answers.
    expect(await panel(page).locator(".doctor-step button[data-answer]").count()).toBeGreaterThan(1);

    // The first test done on the lock, then the picture for docs/web.md.
    await button(page, "Do this test on the lock").click();
    await expect.poll(() => panel(page).locator(".doctor-log li").count()).toBe(1);
    expect(await panel(page).locator(".doctor-log li").first().getAttribute("data-log-kind")).toBe("test");
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await panel(page).screenshot({ path: SCREENSHOT });

    const taken = await followSteps(page);
    expect(taken.filter((t) => t.kind === "fix").at(-1)?.id).toBe("replace-batteries");
    await panel(page).locator('.doctor-done[data-outcome="fixed"]').waitFor();
    expect(await topCause(page)).toBe("battery-low");
    await expect.poll(() => attr(page, "battery")).toBe("ok");

    await locksAgain(page);
    await page.close();
  });

  it("a factory reset asks first, with what it erases (the keyboard's focus in the confirmation, Escape cancels); Cancel leaves the lock as it is", async () => {
    const page = await lockWithFault("Garage", "memory-corrupted");
    await startDoctor(page, "The lock button does nothing, no beep.", true);
    const step = panel(page).locator(".doctor-step");
    expect(await step.getAttribute("data-step-kind")).toBe("fix");
    expect(await step.locator("h4 [data-fix]").getAttribute("data-fix")).toBe("factory-reset");
    expect(await step.locator("[data-warning]").textContent()).toMatch(/code/i);

    await button(page, "Apply this fix to the lock").click();
    const dialog = step.getByRole("alertdialog", { name: "Erase the lock and set it up again?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/handing/i);
    // The keyboard lands in the confirmation on its safe choice; Escape cancels it, and focus
    // goes back to the button that opened it (not to the top of the page).
    const focused = () => page.evaluate("document.activeElement?.textContent?.trim()");
    await expect.poll(focused).toBe("Cancel");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0); // the dialog leaves at the next render
    await expect.poll(focused).toBe("Apply this fix to the lock");
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await button(page, "Cancel").click();
    await expect.poll(() => dialog.count()).toBe(0); // the dialog leaves at the next render
    expect(await page.locator(".fault-log li").count()).toBe(1); // only the injected fault

    await button(page, "Apply this fix to the lock").click();
    await button(page, "Yes, erase and reset the lock").click();
    await panel(page).locator('.doctor-done[data-outcome="fixed"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('.fault-log li[data-kind="fix"][data-id="factory-reset"]').count()).toBe(1);
    await locksAgain(page);
    await page.close();
  });
});
