/**
 * The page over the host (issue 9), in Debian's Chromium: locks kept in a data folder
 * (`LATCHKEY_DATA`, SQLite) come back after a server restart with their codes and history;
 * a Halo is paired from the phone-app panel in the words of its guide; an app unlock on an
 * unpaired lock shows the lock's refusal; unlocking from the app asks first; a lock saved as
 * a scenario file loads back as a new lock. Its own Vite build, so it runs beside the other
 * browser files.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { LockHost, openDataFolder } from "../src/host/index.ts";
import { createServer } from "../src/server/create-server.ts";
import type { Harness } from "./browser-harness.ts";
import {
  MISSING_CHROMIUM,
  attr,
  button,
  it,
  root,
  startHarness,
  typeKeys,
  until,
} from "./browser-harness.ts";

const dataDir = mkdtempSync(join(tmpdir(), "latchkey-data-"));
let host: LockHost | null = null;
let harness: Harness | undefined;

/** What `npm start` does with LATCHKEY_DATA: the host resumes every stored lock, the server serves it. */
async function serveDataFolder(webDist: string) {
  if (host) await host.close(); // the stopped server's host saves everything and lets go of the file
  host = new LockHost({ store: openDataFolder({ LATCHKEY_DATA: dataDir }).store });
  host.open();
  return createServer({ webDist, host });
}

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  harness = await startHarness({ ownBuild: true, makeServer: serveDataFolder });
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the page over the host", () => {
  it("after a server restart the page shows the same locks, codes and history, and the code still opens the door", async () => {
    const h = harness!;
    await h.makeLock({
      id: "front-door",
      name: "Front door",
      lock: { profile: "smartcode-914", state: "ready", door: "closed" },
    });
    await h.makeLock({ id: "garage", name: "Garage", lock: { profile: "halo", state: "factory" } });
    const page = await h.openLock("front-door");
    await typeKeys(page, "program 1 lock 2947 lock");
    await until(page, "codes", "1");
    await typeKeys(page, "lock");
    await until(page, "bolt", "extended");
    const kinds = () =>
      page.locator("tr[data-kind]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")));
    await page.locator('tr[data-kind="lock"]').waitFor();
    const historyBefore = await kinds();
    expect(historyBefore.length).toBeGreaterThan(0);

    await h.restart();
    await page.reload();
    await root(page).waitFor();
    await until(page, "codes", "1");
    await until(page, "bolt", "extended");
    expect(await attr(page, "handed")).toBe("true");
    expect(await page.getByRole("tab").allTextContents()).toEqual([
      expect.stringContaining("Front door"),
      expect.stringContaining("Garage"),
    ]);
    expect(await kinds()).toEqual(historyBefore);

    await typeKeys(page, "2947 lock");
    await until(page, "bolt", "retracted");
    await page.close();
  }, 90_000);

  it("B-NET-3: an app unlock on an unpaired Halo shows the refusal; pairing it from the page as its guide says; unlock asks first", async () => {
    const h = harness!;
    await h.makeLock({
      id: "halo-1",
      name: "Side door",
      lock: { profile: "halo", state: "ready", paired: false, door: "closed" },
    });
    const page = await h.openLock("halo-1");
    await until(page, "paired", "false");
    const app = page.getByRole("group", { name: "Phone app" });
    await expect(app.getByText("Not paired with the app")).toBeTruthy();
    await app.getByText("Add the lock in the app; the app gives it the Wi-Fi network.").waitFor();

    // Unlock from the app asks first; Cancel sends nothing.
    await button(page, "Unlock from the app").click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    // Yes: the lock is not paired, and the page shows what the API answered.
    await button(page, "Unlock from the app").click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Yes, unlock" }).click();
    const alert = page.getByRole("alert");
    await alert.getByText(/lock\.unpaired/).waitFor();
    expect(await alert.textContent()).toMatch(/not paired/);

    await button(page, "Add it in the app (Wi-Fi)").click();
    await until(page, "paired", "true");
    await until(page, "online", "true");
    await app.getByText("The lock joined (one green flash and one beep).").waitFor();
    await app.getByText("Paired with the app").waitFor();

    await button(page, "Lock from the app").click();
    await until(page, "bolt", "extended");
    await button(page, "Unlock from the app").click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Yes, unlock" }).click();
    await until(page, "bolt", "retracted");
    await page.close();
  }, 60_000);

  it("a lock saved as a scenario file loads back as a new lock, placeholders marked", async () => {
    const h = harness!;
    await h.makeLock({
      id: "office",
      name: "Office",
      lock: { profile: "smartcode-955", state: "ready", door: "closed", codes: [{ slot: 2, code: "86420" }] },
    });
    const page = await h.openLock("office");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Save as a scenario file" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("office.scenario.yaml");
    const file = readFileSync((await download.path())!, "utf8");
    expect(file).toMatch(/profile: smartcode-955/);
    expect(file).toMatch(/slot: 2, code: "86420"/);

    const before = await page.getByRole("tab").count();
    await page.locator('input[data-action="import-lock"]').setInputFiles({
      name: "office.scenario.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(file),
    });
    // A function, not a string: the page's CSP forbids eval, which polling a string predicate needs.
    type Page = { document: { querySelectorAll(selector: string): { length: number } } };
    await page.waitForFunction(
      (n) => (globalThis as unknown as Page).document.querySelectorAll('[role="tab"]').length === n,
      before + 1,
    );
    expect(await attr(page, "profile")).toBe("smartcode-955");
    expect(await attr(page, "codes")).toBe("1");
    expect(await attr(page, "lock-id")).not.toBe("office");

    // A broken file is refused with the line at fault, and no lock is made.
    await page.locator('input[data-action="import-lock"]').setInputFiles({
      name: "broken.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from("scenario: broken\nlock: { profile: smartcode-999 }\nsteps: [ { wait: 1 } ]\n"),
    });
    await page
      .getByRole("alert")
      .getByText(/unknown profile "smartcode-999"/)
      .waitFor();
    expect(await page.getByRole("tab").count()).toBe(before + 1);
    await page.close();
  }, 60_000);
});
