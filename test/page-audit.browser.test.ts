/**
 * The lock page as people use it when things go wrong or the screen is small (an outside
 * audit, December 2026), in Debian's Chromium: a server restart under an open page (no
 * reload) shows the new server's locks, not the page's older ones; an action while the server
 * does not answer says so in words; at 360 px with a long history nothing scrolls sideways,
 * the history box scrolls from the keyboard and axe-core finds no serious or critical
 * violation (the history box and the signal list, which scroll, are focusable); _Unlock from
 * the app_'s confirmation and _Add a lock_'s form take the keyboard's focus and give it back;
 * no rule ids in controls' names; the 910's two-digit keys named by the digits they show; the
 * support report and Remove this lock give the focus back; a page opened while the server did
 * not answer gets the models once it is back; at 320 px (400 % zoom) nothing scrolls sideways.
 * Its own Vite build, so it runs beside the other browser files.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
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

let harness: Harness | undefined;

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  harness = await startHarness({ ownBuild: true });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

const focused = (page: Page) => page.evaluate("document.activeElement?.textContent?.trim() ?? null");

describe("the lock page when things go wrong", () => {
  it("after the server restarts under an open page, the page shows the lock as the new server has it and drops a lock it no longer has", async () => {
    const h = harness!;
    await h.makeLock({ id: "porch", name: "Porch", lock: { profile: "smartcode-914", state: "ready" } });
    await h.makeLock({ id: "shed", name: "Shed", lock: { profile: "smartcode-264", state: "ready" } });
    const page = await h.openLock("porch");
    // A few actions, so the page holds revisions a fresh server has not reached.
    for (const direction of ["lock", "unlock", "lock"] as const) {
      await button(page, `Turn the thumbturn to ${direction}`).click();
      await until(page, "bolt", direction === "lock" ? "extended" : "retracted");
    }
    expect(await page.getByRole("tab").count()).toBe(2);

    // The new server (in memory, as after a restart without a data folder) has the porch's
    // lock again, bolt back, and no shed. The page is not reloaded: its socket reconnects.
    await h.restart();
    await h.makeLock({ id: "porch", name: "Porch", lock: { profile: "smartcode-914", state: "ready" } });
    await until(page, "bolt", "retracted", 20_000);
    await expect
      .poll(() => page.getByRole("tab").allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringContaining("Porch")]);
    expect(await page.locator(".live").textContent()).toMatch(/live/);
    await page.close();
  }, 90_000);

  it("an action while the server does not answer says so in words, and nothing changes", async () => {
    const h = harness!;
    await h.makeLock({ id: "cellar", name: "Cellar", lock: { profile: "smartcode-914", state: "ready" } });
    const page = await h.openLock("cellar");
    await page.route("**/api/locks/cellar/turn", (r) => r.abort("connectionrefused"));
    await button(page, "Turn the thumbturn to lock").click();
    const alert = page.locator(".alert-slot[role=alert]");
    await expect.poll(() => alert.textContent()).toMatch(/server does not answer, so nothing was done/);
    expect(await alert.textContent()).not.toMatch(/Failed to fetch|TypeError/);
    expect(await attr(page, "bolt")).toBe("retracted");
    await page.close();
  }, 60_000);

  it("at 360 px with a long history nothing scrolls sideways, the history box scrolls from the keyboard, and axe finds no serious or critical violation", async () => {
    const h = harness!;
    await h.makeLock({
      id: "studio",
      name: "Studio",
      lock: { profile: "smartcode-914", state: "ready", codes: [{ slot: 1, code: "2947" }] },
    });
    const page = await h.openLock("studio");
    await page.setViewportSize({ width: 360, height: 740 });
    for (let i = 0; i < 6; i++) {
      const direction = i % 2 === 0 ? "lock" : "unlock";
      await button(page, `Turn the thumbturn to ${direction}`).click();
      await until(page, "bolt", direction === "lock" ? "extended" : "retracted");
    }
    await page.locator("tr[data-kind]").nth(6).waitFor();
    // Wrong codes: a signal each (and the lockout's), more than the signal list's box holds.
    for (let i = 0; i < 5; i++) await typeKeys(page, "1111 lock");
    await until(page, "keypad", "locked-out");
    const signals = page.getByRole("list", { name: "Signals, newest first" });
    await expect
      .poll(() =>
        page.evaluate(
          '(() => { const e = document.querySelector(".signal-log"); return e.scrollHeight > e.clientHeight; })()',
        ),
      )
      .toBe(true);
    expect(await signals.getAttribute("tabindex")).toBe("0");
    const sideways = (await page.evaluate(
      "document.documentElement.scrollWidth - window.innerWidth",
    )) as number;
    expect(sideways, "the page scrolls sideways at 360 px").toBeLessThanOrEqual(0);
    const history = page.getByRole("region", { name: "History entries, newest first" });
    expect(await history.getAttribute("tabindex")).toBe("0");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);

  it("Unlock from the app asks first with the keyboard's focus on Cancel; Escape cancels, focus goes back, nothing is sent", async () => {
    const h = harness!;
    await h.makeLock({
      id: "gate",
      name: "Gate",
      lock: { profile: "smartcode-914", state: "ready", door: "closed", paired: true },
    });
    const page = await h.openLock("gate");
    await button(page, "Turn the thumbturn to lock").click();
    await until(page, "bolt", "extended");
    const sent: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith("/remote")) sent.push(r.url());
    });
    const opener = button(page, "Unlock from the app");
    await opener.focus();
    await page.keyboard.press("Enter");
    const dialog = root(page).getByRole("alertdialog");
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toBe("Cancel");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0); // the dialog leaves at the next render
    await expect.poll(() => focused(page)).toBe("Unlock from the app");
    expect(sent).toEqual([]);
    expect(await attr(page, "bolt")).toBe("extended");
    await page.close();
  }, 60_000);

  it("Add a lock's form gives the keyboard's focus back: Escape to Add a lock, a lock made to its tab", async () => {
    const h = harness!;
    await h.makeLock({ id: "hall", name: "Hall", lock: { profile: "smartcode-914", state: "ready" } });
    const page = await h.openLock("hall");
    const form = page.getByRole("form", { name: "Add a lock" });
    await button(page, "Add a lock").click();
    await page.getByLabel("Name").focus();
    await page.keyboard.press("Escape");
    await expect.poll(() => form.count()).toBe(0); // the dialog leaves at the next render
    await expect.poll(() => focused(page)).toBe("Add a lock");

    await page.keyboard.press("Enter");
    await page.getByLabel("Name").fill("Attic");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("tab", { selected: true }).textContent()).toMatch(/^Attic/);
    await expect.poll(() => focused(page)).toMatch(/^Attic/);
    expect(await form.count()).toBe(0);
    await page.close();
  }, 60_000);

  it("no rule ids in the controls' names, which a screen reader reads out (the pack buttons' names held one)", async () => {
    const h = harness!;
    await h.makeLock({ id: "loft", name: "Loft", lock: { profile: "smartcode-914", state: "ready" } });
    const page = await h.openLock("loft");
    await page.getByRole("button", { name: /^Put in a new mixed pack: / }).waitFor();
    const withIds = (await page.evaluate(
      `[...document.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label")).filter((n) => /\\bB-[A-Z]+-\\d+/.test(n))`,
    )) as string[];
    expect(withIds).toEqual([]);
    // The rule stays in the tooltip, for the developer.
    expect(
      await page.getByRole("button", { name: /^Put in a new mixed pack: / }).getAttribute("title"),
    ).toMatch(/B-PWR-1/);
    await page.close();
  }, 60_000);

  it("the 910's two-digit keys are named by the digits they show (axe: label-content-name-mismatch, serious)", async () => {
    const h = harness!;
    await h.makeLock({ id: "barn", name: "Barn", lock: { profile: "smartcode-910", state: "ready" } });
    const page = await h.openLock("barn");
    await page.locator('button[data-keys="1 2"]').waitFor();
    expect(await page.locator('button[data-keys="1 2"]').textContent()).toContain("1 · 2");
    expect(await page.locator('button[data-keys="1 2"]').getAttribute("aria-label")).toBe("1, 2");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it("the support report and Remove this lock give the keyboard's focus back (to Support report; to the tab of the lock shown next)", async () => {
    const h = harness!;
    await h.makeLock({
      id: "porch-2",
      name: "Porch two",
      lock: { profile: "smartcode-914", state: "ready" },
    });
    const page = await h.openLock("porch-2");
    const report = page.getByRole("dialog", { name: /^Support report/ });
    await button(page, "Support report").focus();
    await page.keyboard.press("Enter");
    await report.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => report.count()).toBe(0); // the dialog leaves at the next render
    await expect.poll(() => focused(page)).toBe("Support report");
    await page.keyboard.press("Enter");
    await button(page, "Close the report").click();
    await expect.poll(() => focused(page)).toBe("Support report");

    page.once("dialog", (d) => void d.accept());
    await button(page, "Remove this lock").click();
    await expect.poll(() => page.locator('section.lock[data-lock-id="porch-2"]').count()).toBe(0);
    const shown = await root(page).getAttribute("data-lock-id");
    await expect.poll(() => page.evaluate("document.activeElement?.getAttribute('data-tab')")).toBe(shown);
    await page.close();
  }, 60_000);

  it("a page opened while the server did not answer gets the models once it is back (Add a lock offers them)", async () => {
    const h = harness!;
    await h.makeLock({ id: "annex", name: "Annex", lock: { profile: "smartcode-914", state: "ready" } });
    const page = await h.context.newPage();
    await page.route("**/api/profiles", (r) => r.abort("connectionrefused"));
    await page.goto(`${h.base}/#annex`);
    await root(page).waitFor();
    await page.unroute("**/api/profiles");
    await h.restart(); // the socket drops and comes back, as when the server returns
    await h.makeLock({ id: "annex", name: "Annex", lock: { profile: "smartcode-914", state: "ready" } });
    await until(page, "lock-id", "annex", 20_000);
    await expect.poll(() => page.locator(".live").textContent(), { timeout: 10_000 }).toMatch(/live/);
    await button(page, "Add a lock").click();
    await expect
      .poll(() => page.getByRole("group", { name: "Model" }).getByRole("button").count(), { timeout: 10_000 })
      .toBeGreaterThan(5);
    await page.close();
  }, 60_000);

  it("a code programmed at the keypad is announced in words, not as '(procedure)'", async () => {
    const h = harness!;
    await h.makeLock({ id: "den", name: "Den", lock: { profile: "smartcode-914", state: "ready" } });
    const page = await h.openLock("den");
    await typeKeys(page, "program 1 lock 2947 lock");
    await until(page, "codes", "1");
    const said = page.locator("[data-announcements]");
    await expect.poll(() => said.textContent()).toMatch(/2 beeps \(its answer to a programming step\)/);
    expect(await said.textContent()).not.toMatch(/\(procedure\)/);
    expect(await page.locator(".signal-log").textContent()).not.toMatch(/— procedure/);
    await page.close();
  }, 60_000);

  it("at 320 px (400 % zoom, WCAG reflow) the lock page does not scroll sideways", async () => {
    const h = harness!;
    await h.makeLock({ id: "nook", name: "Nook", lock: { profile: "smartcode-914", state: "ready" } });
    const page = await h.openLock("nook");
    await page.setViewportSize({ width: 320, height: 640 });
    await page.locator('li[data-fix="factory-reset"]').waitFor();
    const sideways = (await page.evaluate(
      "document.documentElement.scrollWidth - window.innerWidth",
    )) as number;
    expect(sideways, "the page scrolls sideways at 320 px").toBeLessThanOrEqual(0);
    await page.close();
  }, 60_000);
});
