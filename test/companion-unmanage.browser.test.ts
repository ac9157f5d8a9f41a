/**
 * The companion app (/app/) taking a lock off the hub's care and bringing it back, in Debian's
 * Chromium over a real hub on hosted locks: the lock's page asks before it does it and says
 * what happens to its codes; the lock then leaves the Locks page's cards and is listed under
 * "Taken off the hub", whose Bring back puts it under the hub again. Its own Vite build, so it
 * runs beside the other browser files.
 */
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Hub, Person } from "../src/hub/index.ts";
import type { Harness } from "./browser-harness.ts";
import type { HubHarness } from "./hub-browser-harness.ts";
import { addReadyLock, setUpOwner, startHubHarness } from "./hub-browser-harness.ts";
import { MISSING_CHROMIUM, companionPage, it, seriousAxeViolations } from "./browser-harness.ts";

let hosted: HubHarness | undefined;
let harness: Harness | undefined;
let hub: Hub | undefined;
let owner: Person | undefined;
const PASSWORD = "a long owner password";

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  hosted = await startHubHarness();
  ({ harness, hub } = hosted);
  owner = await setUpOwner(hub!, PASSWORD);
  const site = await hub!.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
  if (!site.ok) throw new Error(site.reason);
  for (const [id, name] of [
    ["front", "Front door"],
    ["shed", "Old shed"],
  ] as const) {
    await addReadyLock(hosted, owner, { id, name, siteId: "home" });
  }
  const code = await hub!.createAccessCode(owner, { lockIds: ["shed"], name: "Gardener", code: "583920" });
  if (!code.ok) throw new Error(code.reason);
}, 240_000);

afterAll(async () => {
  await hosted?.close();
});

describe("the companion app taking a lock off the hub", () => {
  it("B-NET-2: a lock's page takes it off the hub after a confirmation that says its codes leave it; the Locks page lists it under Taken off the hub and brings it back", async () => {
    const page = await companionPage(harness!, {
      id: "olivia",
      password: PASSWORD,
      hash: "#/locks/shed",
      heading: "Old shed",
    });
    await page.getByRole("button", { name: "Take Old shed off the hub…" }).click();
    const confirm = page.getByRole("group", { name: "Confirm taking Old shed off the hub" });
    expect(await confirm.textContent()).toContain("deletes its 1 code from the lock");
    // Cancel changes nothing.
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect((await hub!.repo.getLockRecord("shed"))?.unmanagedAtMs ?? null).toBeNull();
    await page.getByRole("button", { name: "Take Old shed off the hub…" }).click();
    await page.getByRole("button", { name: "Yes, take it off" }).click();
    await page.getByRole("heading", { level: 1, name: "Locks" }).waitFor();
    const off = page.locator("[data-off-care]");
    await expect.poll(() => off.allTextContents()).toEqual([expect.stringContaining("Old shed")]);
    await expect.poll(() => page.locator("article.lock-card").count()).toBe(1);
    expect(await page.locator("article[data-lock=shed]").count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The hub took its code off (the lock was reachable), and it is no longer in the list of locks.
    await expect
      .poll(async () => (await hub!.repo.listLockCodes("shed")).map((r) => r.status), { timeout: 20_000 })
      .toEqual(["removed"]);

    await page.getByRole("button", { name: "Bring back Old shed" }).click();
    await expect.poll(() => page.locator("article[data-lock=shed]").count()).toBe(1);
    await expect.poll(() => off.count()).toBe(0);
    expect((await hub!.repo.getLockRecord("shed"))?.unmanagedAtMs ?? null).toBeNull();
    await page.close();
  }, 90_000);
});
