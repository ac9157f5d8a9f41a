/**
 * The companion app (/app/) as a property manager with many doors uses it (an outside audit,
 * 7 December 2026): 63 locks over three sites and 150 codes, in Debian's Chromium over a real
 * hub on hosted locks. A new code's _Which locks_ groups the locks by site and says at once
 * when the ones picked are on two sites (the hub refuses that code; the form was a flat list
 * of sixty names, two sites' "Unit 1" alike, refused only at _Make the code_); Codes past ten
 * offers a filter by name, person or lock (it was one long grid); both pages pass axe-core
 * and do not scroll sideways at 375 px. Its own Vite build, so it runs beside the other
 * browser files.
 */
import type { Page } from "playwright-core";
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
const SITES = [
  { id: "harbour", name: "Harbour House", timeZone: "Europe/Lisbon" },
  { id: "mill", name: "Mill Lofts", timeZone: "America/New_York" },
  { id: "orchard", name: "Orchard Court", timeZone: "Asia/Tokyo" },
] as const;
const PER_SITE = 21;
const CODES = 150;

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  hosted = await startHubHarness();
  ({ harness, hub } = hosted);
  owner = await setUpOwner(hub!, PASSWORD);
  for (const site of SITES) {
    const s = await hub!.createSite(owner, site);
    if (!s.ok) throw new Error(s.reason);
    for (let n = 1; n <= PER_SITE; n++) {
      // Every site has its "Unit 1", "Unit 2", …: the same names in three buildings.
      const lockId = `${site.id}-${n}`;
      await addReadyLock(hosted, owner, { id: lockId, name: `Unit ${n}`, siteId: site.id });
    }
  }
  for (let i = 0; i < CODES; i++) {
    const site = SITES[i % SITES.length]!;
    const code = await hub!.createAccessCode(owner, {
      lockIds: [`${site.id}-${(i % PER_SITE) + 1}`],
      name: `Guest ${i + 1}`,
    });
    if (!code.ok) throw new Error(code.reason);
  }
}, 240_000);

afterAll(async () => {
  await hosted?.close();
});

function ownerPage(hash: string, heading: string, width = 1280): Promise<Page> {
  return companionPage(harness!, { id: "olivia", password: PASSWORD, hash, heading, width });
}

async function scrollsSideways(page: Page): Promise<boolean> {
  return (await page.evaluate(
    "document.documentElement.scrollWidth > document.documentElement.clientWidth",
  )) as boolean;
}

describe("the companion app for a property manager with many doors", () => {
  it("a new code's locks are grouped by site, and picking two sites' locks says so at once (the hub refuses that code)", async () => {
    const page = await ownerPage("#/codes/new", "New code");
    const which = page.getByRole("group", { name: "Which locks" });
    // One group per site, named by the site, each with its own "Unit 1".
    for (const site of SITES) {
      const group = which.getByRole("group", { name: site.name });
      await expect.poll(() => group.getByRole("checkbox").count()).toBe(PER_SITE);
    }
    await page.getByLabel("Name").fill("Cleaner, Tuesdays");
    await which.getByRole("group", { name: "Harbour House" }).getByLabel("Unit 1", { exact: true }).check();
    await which.getByRole("group", { name: "Mill Lofts" }).getByLabel("Unit 1", { exact: true }).check();
    const make = page.getByRole("button", { name: "Make the code" });
    const note = page.locator("[data-mixed-sites]");
    await expect.poll(() => note.textContent()).toContain("Harbour House and Mill Lofts");
    expect(await make.isDisabled()).toBe(true);
    // Taking the other site's lock off makes the code; nothing typed was lost.
    await which.getByRole("group", { name: "Mill Lofts" }).getByLabel("Unit 1", { exact: true }).uncheck();
    expect(await note.count()).toBe(0);
    expect(await page.getByLabel("Name").inputValue()).toBe("Cleaner, Tuesdays");
    await make.click();
    await page.getByRole("heading", { level: 1, name: "Cleaner, Tuesdays" }).waitFor();
    await page.close();
  }, 60_000);

  it("Codes past ten finds a code by its name, its person or a lock's name, and says how many match", async () => {
    const page = await ownerPage("#/codes", "Codes");
    const cards = page.locator("li[data-code]");
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(CODES);
    const find = page.getByLabel("Find a code by name, person or lock");
    await find.fill("Guest 14");
    // Guest 14 and Guest 140–149.
    await expect.poll(() => cards.count()).toBe(11);
    expect(await page.locator("[data-code-count]").textContent()).toMatch(/^11 of \d+ codes$/);
    await find.fill("unit 21");
    await expect.poll(() => cards.count()).toBeGreaterThan(0);
    for (const text of await cards.locator(".lock-names").allTextContents()) expect(text).toBe("On Unit 21");
    await find.fill("");
    await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(CODES);
    await page.close();
  }, 60_000);

  it("Codes, a new code and Locks with sixty-three doors pass axe-core and fit 375 px", async () => {
    for (const [hash, heading] of [
      ["#/codes", "Codes"],
      ["#/codes/new", "New code"],
      ["#/locks", "Locks"],
    ] as const) {
      const page = await ownerPage(hash, heading, 375);
      await page.waitForLoadState("networkidle");
      expect(await seriousAxeViolations(page), hash).toEqual([]);
      expect(await scrollsSideways(page), hash).toBe(false);
      await page.close();
    }
  }, 60_000);

  it("the lab page's sixty-three lock tabs are one stop for the keyboard, the arrows moving between them", async () => {
    const page = await harness!.openLock("harbour-1");
    const tabs = page.getByRole("tab");
    expect(await tabs.count()).toBe(SITES.length * PER_SITE);
    // One tab in the tab order (it was all sixty-three before the lock).
    expect(await page.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
    await page.locator('[data-tab="harbour-1"]').focus();
    await page.keyboard.press("ArrowRight");
    await page.locator('section.lock[data-lock-id="harbour-2"]').waitFor();
    expect(await page.evaluate("document.activeElement?.getAttribute('data-tab')")).toBe("harbour-2");
    await page.keyboard.press("End");
    await page.locator('section.lock[data-lock-id="orchard-21"]').waitFor();
    await page.keyboard.press("ArrowRight");
    await page.locator('section.lock[data-lock-id="harbour-1"]').waitFor();
    expect(await page.evaluate("document.activeElement?.getAttribute('data-tab')")).toBe("harbour-1");
    // Tab leaves the tabs.
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement?.getAttribute('role')")).not.toBe("tab");
    await page.close();
  }, 60_000);

  it("a code's window is shown in its site's time, as it was made and as weekly hours are (it was the browser's zone, unnamed)", async () => {
    const made = await hub!.createAccessCode(owner!, {
      lockIds: ["orchard-3"],
      name: "Tokyo stay",
      startsAt: "2027-01-20T15:00",
      endsAt: "2027-01-23T11:00",
    });
    if (!made.ok) throw new Error(made.reason);
    // A manager at a desk in London reading a code of the Tokyo building.
    const context = await harness!.context
      .browser()!
      .newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/London", locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${harness!.base}/app/`);
    await page.getByLabel("Your id").fill("olivia");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.goto(`${harness!.base}/app/#/codes/${made.value.accessCode.id}`);
    const schedule = page.locator("[data-schedule]");
    await expect.poll(() => schedule.textContent()).toMatch(/Tokyo time/);
    const text = (await schedule.textContent()) ?? "";
    // 15:00 and 11:00 in Tokyo (06:00 and 02:00 in London).
    expect(text).toMatch(/20 Jan 2027, 15:00 until 23 Jan 2027, 11:00/);
    await context.close();
  }, 60_000);

  it("a guest reads their own stay in its site's time too (the code carries the zone; a guest lists no site, so it was their browser's)", async () => {
    const guest = await hub!.addPerson(owner!, { name: "Gus", role: "guest", id: "gus" });
    if (!guest.ok) throw new Error(guest.reason);
    expect((await hub!.setPassword(owner!, "gus", "a long guest password")).ok).toBe(true);
    const made = await hub!.createAccessCode(owner!, {
      lockIds: ["orchard-2"],
      name: "Gus in Tokyo",
      personId: "gus",
      startsAt: "2027-01-20T15:00",
      endsAt: "2027-01-23T11:00",
    });
    if (!made.ok) throw new Error(made.reason);
    // The guest plans the trip at home in London.
    const context = await harness!.context
      .browser()!
      .newContext({ viewport: { width: 390, height: 800 }, timezoneId: "Europe/London", locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${harness!.base}/app/`);
    await page.getByLabel("Your id").fill("gus");
    await page.getByLabel("Password").fill("a long guest password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.goto(`${harness!.base}/app/#/codes/${made.value.accessCode.id}`);
    const schedule = page.locator("[data-schedule]");
    await expect.poll(() => schedule.textContent()).toMatch(/Tokyo time/);
    // 15:00 and 11:00 in Tokyo, where the door is (06:00 and 02:00 in London).
    expect((await schedule.textContent()) ?? "").toMatch(/20 Jan 2027, 15:00 until 23 Jan 2027, 11:00/);
    // And on their list of codes.
    await page.goto(`${harness!.base}/app/#/codes`);
    const card = page.locator(`li[data-code="${made.value.accessCode.id}"]`);
    await expect
      .poll(() => card.textContent())
      .toMatch(/20 Jan 2027, 15:00 until 23 Jan 2027, 11:00 \(Tokyo time\)/);
    await context.close();
  }, 60_000);

  it("Locks over three sites names each card's site (three \"Unit 1\" cards were alike) and finds a site's locks by its name", async () => {
    const page = await ownerPage("#/locks", "Locks");
    await expect.poll(() => page.locator("article[data-lock]").count()).toBe(SITES.length * PER_SITE);
    await expect
      .poll(() => page.locator('article[data-lock="mill-1"] [data-site-name]').textContent())
      .toBe("Mill Lofts");
    await page.getByLabel("Find a lock by name").fill("mill lofts");
    await expect.poll(() => page.locator("article[data-lock]").count()).toBe(PER_SITE);
    await page.close();
  }, 60_000);
});
