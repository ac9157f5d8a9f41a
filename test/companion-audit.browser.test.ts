/**
 * The companion app (/app/) as an owner, a guest and a property manager use it (an outside
 * audit, 7 December 2026), in Debian's Chromium over a real hub on hosted locks: _Add a lock_
 * twice in a row adds the lock the list shows (it re-sent the one just added, refused as
 * "already manages"); an owner ends a guest's access from People (asked first; Cancel and
 * Escape change nothing), the guest's codes leave their locks and the guest is signed out and
 * cannot sign in again; an alert names its lock once; editing a code with a window and a
 * number of uses keeps the window, and a weekly one its number of uses; a Lock refused by an
 * offline lock says nothing was sent; History's What list names each kind once; a lock's page
 * names each region once; a first password the hub refuses makes no one; an owner adds a lock
 * to a new site with its time zone; a lock added or renamed elsewhere shows on an open Locks
 * page without a reload. Its own Vite build,
 * so it runs beside the other browser files.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { Hub, Person } from "../src/hub/index.ts";
import type { LockHost } from "../src/host/index.ts";
import type { Harness } from "./browser-harness.ts";
import type { HubHarness } from "./hub-browser-harness.ts";
import { setUpOwner, startHubHarness } from "./hub-browser-harness.ts";
import { MISSING_CHROMIUM, companionPage, it, seriousAxeViolations } from "./browser-harness.ts";

let hosted: HubHarness | undefined;
let harness: Harness | undefined;
let hub: Hub | undefined;
let host: LockHost | undefined;
let owner: Person | undefined;
const PASSWORD = "a long owner password";
const GUEST_PASSWORD = "a long guest password";

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  hosted = await startHubHarness();
  ({ harness, hub, host } = hosted);
  for (const [id, name, faults] of [
    ["front-door", "Front door", []],
    ["back-door", "Back door", []],
    ["porch", "Porch", ["battery-low"]],
    ["cellar", "Cellar", []],
    ["attic", "Attic", []],
  ] as const)
    await harness.makeLock({
      id,
      name,
      lock: { profile: "smartcode-914", state: "ready", paired: true, faults: [...faults] },
    });
  owner = await setUpOwner(hub!, PASSWORD);
  const site = await hub!.createSite(owner, { id: "home", name: "Home", timeZone: "Europe/Berlin" });
  if (!site.ok) throw new Error(site.reason);
  for (const lockId of ["front-door", "back-door", "porch"]) {
    const added = await hub!.addLock(owner, { lockId, siteId: "home" });
    if (!added.ok) throw new Error(added.reason);
  }
}, 180_000);

afterAll(async () => {
  await hosted?.close();
});

async function signedIn(id: string, password: string): Promise<Page> {
  const context = await harness!.context.browser()!.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto(`${harness!.base}/app/`);
  await page.getByLabel("Your id").fill(id);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return page;
}

/** A page of the owner's, in the harness's own browser context (its cookie jar). */
function ownerPage(hash: string, heading: string): Promise<Page> {
  return companionPage(harness!, { id: "olivia", password: PASSWORD, hash, heading });
}

describe("the companion app, audited from outside", () => {
  it("Add a lock twice in a row adds the lock the list shows, not the one just added again", async () => {
    const page = await ownerPage("#/locks", "Locks");
    const form = page.getByRole("region", { name: "Add a lock" });
    const list = form.getByLabel("Lock", { exact: true });
    await expect.poll(() => list.locator("option").count()).toBe(2);
    await list.selectOption("attic");
    await form.getByRole("button", { name: "Add the lock" }).click();
    await page.locator('article[data-lock="attic"]').waitFor();
    // The list now offers the cellar alone; adding again adds it (the page sent the attic
    // again, which the hub refused: "the hub already manages attic").
    await expect
      .poll(() => list.locator("option").allTextContents())
      .toEqual(["Cellar (SmartCode 913/914/915)"]);
    await form.getByRole("button", { name: "Add the lock" }).click();
    await page.locator('article[data-lock="cellar"]').waitFor();
    expect(await form.getByRole("alert").count()).toBe(0);
    expect((await hub!.getLock(owner!, "cellar")).ok).toBe(true);
    await page.close();
  }, 120_000);

  it("an alert names its lock once (the hub's message already names it)", async () => {
    const page = await ownerPage("#/alerts", "Alerts");
    const card = page.locator('li[data-alert-kind="battery.low"]');
    await card.waitFor({ timeout: 30_000 });
    const text = (await card.locator("p").first().textContent()) ?? "";
    expect(text).toContain("Porch");
    expect(text).not.toMatch(/Porch\s+Porch/);
    await page.close();
  }, 60_000);

  it("editing a time-bound code with a number of uses keeps its window (renaming it made it work at once and for good)", async () => {
    const made = await hub!.createAccessCode(owner!, {
      lockIds: ["back-door"],
      name: "Stay, three entries",
      startsAt: "2027-01-20T15:00",
      endsAt: "2027-01-23T11:00",
      maxUses: 3,
    });
    if (!made.ok) throw new Error(made.reason);
    const old = made.value.accessCode;
    const page = await ownerPage(`#/codes/${old.id}/edit`, "Edit Stay, three entries");
    // The form shows both: the number of uses and the window (the site's wall clock, Berlin).
    expect(await page.getByLabel("A number of uses", { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel("Number of uses", { exact: true }).inputValue()).toBe("3");
    expect(await page.getByLabel(/^Only from/).inputValue()).toBe("2027-01-20T15:00");
    expect(await page.getByLabel(/^Only until/).inputValue()).toBe("2027-01-23T11:00");
    await page.getByLabel("Name").fill("Stay, three entries (Ana)");
    await page.getByRole("button", { name: "Save the code" }).click();
    await page.getByRole("heading", { level: 1, name: "Stay, three entries (Ana)" }).waitFor();
    const id = new URL(page.url()).hash.split("/")[2]!;
    const saved = await hub!.repo.getAccessCode(id);
    expect(saved?.startsAtMs).toBe(old.startsAtMs);
    expect(saved?.endsAtMs).toBe(old.endsAtMs);
    expect(saved?.maxUses).toBe(3);
    expect(await page.locator("[data-schedule]").textContent()).toMatch(/until .*3 uses/);
    await page.close();
  }, 60_000);

  it("editing a weekly code with a number of uses keeps its number of uses (renaming it made it unlimited)", async () => {
    const made = await hub!.createAccessCode(owner!, {
      lockIds: ["back-door"],
      name: "Saturday gardener",
      weekly: { days: ["sat"], startTime: "08:00", endTime: "12:00" },
      maxUses: 4,
    });
    if (!made.ok) throw new Error(made.reason);
    const page = await ownerPage(`#/codes/${made.value.accessCode.id}/edit`, "Edit Saturday gardener");
    expect(await page.getByLabel("Weekly: days and hours").isChecked()).toBe(true);
    expect(await page.getByLabel(/At most this many uses/).inputValue()).toBe("4");
    await page.getByLabel("Name").fill("Saturday gardener (Ben)");
    await page.getByRole("button", { name: "Save the code" }).click();
    await page.getByRole("heading", { level: 1, name: "Saturday gardener (Ben)" }).waitFor();
    const saved = await hub!.repo.getAccessCode(new URL(page.url()).hash.split("/")[2]!);
    expect(saved?.maxUses).toBe(4);
    expect(saved?.weekly?.days).toEqual(["sat"]);
    await page.close();
  }, 60_000);

  it('History\'s What list names each kind once (two kinds both read "Code deleted")', async () => {
    const page = await ownerPage("#/history", "History");
    const what = page.getByLabel("What", { exact: true }).locator("option");
    await expect.poll(() => what.count()).toBeGreaterThan(10);
    const labels = await what.allTextContents();
    expect(labels.filter((l, i) => labels.indexOf(l) !== i)).toEqual([]);
    await page.close();
  }, 60_000);

  it("a lock's page names each region once (its History held a box also named History) and says settings follow the lock's reports, as the hub does", async () => {
    const page = await ownerPage("#/locks/front-door", "Front door");
    // Something in its history: a Lock from the app.
    await page.getByRole("button", { name: "Lock Front door", exact: true }).click();
    await expect.poll(() => page.locator(".table-wrap[role=region]").count(), { timeout: 20_000 }).toBe(1);
    const names =
      (await page.evaluate(`[...document.querySelectorAll("section[aria-labelledby], [role=region]")]
      .map((e) => e.getAttribute("aria-label") ?? document.getElementById(e.getAttribute("aria-labelledby"))?.textContent)`)) as string[];
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const settings = page.getByRole("region", { name: "Settings" });
    expect(await settings.textContent()).not.toContain("the lock does not report them");
    expect(await settings.textContent()).toContain("what the lock reported");
    await page.close();
  }, 60_000);

  it("a Lock refused because the lock is offline says nothing was sent (it said the change goes out when the lock is back, which a remote lock never does)", async () => {
    await harness!.makeLock({ id: "shed", name: "Shed", lock: { profile: "smartcode-914", state: "ready" } });
    expect((await hub!.addLock(owner!, { lockId: "shed", siteId: "home" })).ok).toBe(true);
    const res = await fetch(`${harness!.base}/api/locks/shed/pack`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "remove" }),
    });
    expect(res.status).toBe(200);
    const page = await ownerPage("#/locks/shed", "Shed");
    const card = page.locator('article[data-lock="shed"]');
    await card.getByRole("button", { name: "Lock Shed", exact: true }).click();
    const said = card.locator('[role=alert][data-error="lock.offline"]');
    await said.waitFor();
    expect(await said.textContent()).toMatch(/nothing was sent/i);
    expect(await said.textContent()).not.toMatch(/goes out when it is back/);
    // Nothing was queued: the pack goes back in and the bolt stays where it was.
    await fetch(`${harness!.base}/api/locks/shed/pack`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "insert" }),
    });
    await expect
      .poll(() => host!.list().find((v) => v.id === "shed")?.online, { timeout: 20_000 })
      .toBe(true);
    await hub!.settle();
    expect(host!.list().find((v) => v.id === "shed")?.bolt).not.toBe("locked");
    await page.close();
  }, 60_000);

  it("inviting someone with a first password the hub refuses (over 200 characters) makes no one: the form keeps what was typed and works once the password is fixed", async () => {
    const page = await ownerPage("#/people", "People");
    const form = page.getByRole("region", { name: "Invite someone" });
    await form.getByLabel("Name", { exact: true }).fill("Carl Cleaner");
    await form.getByLabel(/Their id/).fill("carl");
    await form.getByLabel("A first password I pass on").check();
    await form.getByLabel(/First password/).fill("x".repeat(201));
    await form.getByRole("button", { name: "Invite", exact: true }).click();
    await form.locator('[role=alert][data-error="auth.password"]').waitFor();
    expect(await hub!.repo.getPerson("carl")).toBeUndefined();
    expect(await form.getByLabel("Name", { exact: true }).inputValue()).toBe("Carl Cleaner");
    expect(await form.getByLabel(/Their id/).inputValue()).toBe("carl");
    await form.getByLabel(/First password/).fill("carl's first password");
    await form.getByRole("button", { name: "Invite", exact: true }).click();
    await page.getByText("Carl Cleaner is invited.").waitFor();
    expect((await hub!.repo.getPerson("carl"))?.name).toBe("Carl Cleaner");
    await page.close();
  }, 60_000);

  it("the owner ends a guest's access from People: asked first (Cancel and Escape change nothing), then the guest's codes leave the locks and the guest is signed out for good", async () => {
    const guest = await hub!.addPerson(owner!, { name: "Gina", role: "guest", id: "gina" });
    if (!guest.ok) throw new Error(guest.reason);
    expect((await hub!.setPassword(owner!, "gina", GUEST_PASSWORD)).ok).toBe(true);
    const code = await hub!.createAccessCode(owner!, {
      lockIds: ["front-door", "back-door"],
      name: "Gina's stay",
      personId: "gina",
    });
    if (!code.ok) throw new Error(code.reason);
    const codeId = code.value.accessCode.id;
    await expect
      .poll(async () => (await hub!.repo.listLockCodesFor([codeId])).map((r) => r.status), {
        timeout: 30_000,
      })
      .toEqual(["set", "set"]);

    const guestPage = await signedIn("gina", GUEST_PASSWORD);
    await guestPage.getByRole("heading", { level: 1, name: "My codes" }).waitFor();

    const page = await ownerPage("#/people", "People");
    const card = page.locator('li[data-person="gina"]');
    const focused = () => page.evaluate("document.activeElement?.textContent?.trim() ?? null");
    const revoke = card.getByRole("button", { name: "End Gina's access…" });
    const confirm = card.getByRole("group", { name: "Confirm ending Gina's access" });
    await revoke.click();
    await confirm.waitFor();
    await expect.poll(focused).toBe("Cancel");
    await page.keyboard.press("Escape");
    await expect.poll(() => confirm.count()).toBe(0);
    await expect.poll(focused).toBe("End Gina's access…");
    await revoke.click();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect((await hub!.repo.getPerson("gina"))?.revokedAtMs ?? null).toBeNull();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await revoke.click();
    await confirm.getByRole("button", { name: "Yes, end their access" }).click();
    await card.locator("[data-revoked]").waitFor();
    expect(await card.textContent()).toMatch(/Access ended/);
    // Nothing more can be given to them here: no code, no invite link, no second revoke.
    expect(await card.getByRole("link", { name: /Give Gina a code/ }).count()).toBe(0);
    expect(await card.getByRole("button", { name: /New invite link/ }).count()).toBe(0);
    expect(await card.getByRole("button", { name: /End Gina's access/ }).count()).toBe(0);
    expect((await hub!.repo.getPerson("gina"))?.revokedAtMs).toBeGreaterThan(0);
    // Their code leaves both locks.
    await expect
      .poll(async () => (await hub!.repo.listLockCodesFor([codeId])).map((r) => r.status), {
        timeout: 30_000,
      })
      .toEqual(["removed", "removed"]);
    // A new code is for people who still have access: Gina is not offered.
    await page.goto(`${harness!.base}/app/#/codes/new`);
    await page.getByRole("heading", { level: 1, name: "New code" }).waitFor();
    await expect.poll(() => page.getByLabel("For").locator("option").count()).toBeGreaterThan(1);
    expect(await page.getByLabel("For").locator("option").allTextContents()).not.toContain("Gina");
    await page.close();

    // The guest's open page loses its session; signing in again is refused.
    await guestPage.reload();
    await guestPage.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await guestPage.getByLabel("Your id").fill("gina");
    await guestPage.getByLabel("Password").fill(GUEST_PASSWORD);
    await guestPage.getByRole("button", { name: "Sign in" }).click();
    await guestPage.getByRole("alert").waitFor();
    expect(await guestPage.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await guestPage.context().close();
  }, 180_000);

  it("an owner adds a lock to a new site with its own time zone from the app (a second building); a zone the hub does not know is refused and makes no site", async () => {
    await harness!.makeLock({
      id: "boathouse",
      name: "Boathouse",
      lock: { profile: "smartcode-914", state: "ready", paired: true, faults: [] },
    });
    const page = await ownerPage("#/locks", "Locks");
    const form = page.getByRole("region", { name: "Add a lock" });
    await form.getByLabel("Lock", { exact: true }).selectOption("boathouse");
    await form.getByLabel("Site", { exact: true }).selectOption({ label: "A new site…" });
    await form.getByLabel("New site's name").fill("Cabin");
    const zone = form.getByLabel("Its time zone");
    await zone.fill("Mars/Olympus");
    await form.getByRole("button", { name: "Add the lock" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/Mars\/Olympus/);
    expect((await hub!.repo.listSites()).map((s) => s.name)).toEqual(["Home"]);
    expect(await hub!.repo.getLock("boathouse")).toBeUndefined();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await zone.fill("America/Denver");
    await form.getByRole("button", { name: "Add the lock" }).click();
    await page.locator('article[data-lock="boathouse"]').waitFor();
    const cabin = (await hub!.repo.listSites()).find((s) => s.name === "Cabin");
    expect(cabin?.timeZone).toBe("America/Denver");
    expect((await hub!.repo.getLock("boathouse"))?.siteId).toBe(cabin?.id);
    await page.close();
  }, 120_000);
  it("a Locks page open on one device shows a lock added to the hub elsewhere, and its new name, without a reload", async () => {
    await harness!.makeLock({
      id: "gatehouse",
      name: "Gatehouse",
      lock: { profile: "smartcode-914", state: "ready", paired: true, faults: [] },
    });
    const page = await ownerPage("#/locks", "Locks");
    await page.locator('article[data-lock="front-door"]').waitFor();
    expect(await page.locator('article[data-lock="gatehouse"]').count()).toBe(0);
    // Another device (a colleague, a script) adds it through the hub.
    const added = await hub!.addLock(owner!, { lockId: "gatehouse", siteId: "home" });
    if (!added.ok) throw new Error(added.reason);
    await page.locator('article[data-lock="gatehouse"]').waitFor({ timeout: 10_000 });
    const renamed = await hub!.renameLock(owner!, "gatehouse", "Old gatehouse");
    if (!renamed.ok) throw new Error(renamed.reason);
    await page
      .locator('article[data-lock="gatehouse"]')
      .getByText("Old gatehouse", { exact: false })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.close();
  }, 120_000);
});
