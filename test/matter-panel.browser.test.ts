/**
 * Issue 12 on the page, in Debian's Chromium: a person makes a lock a Matter node from its
 * page (the server started without MATTER=1), sees the QR code and the manual code, sees
 * "commissioned" once a real matter.js controller paired it over 127.0.0.1, and stops it
 * being a node; a lock with no radio says it cannot be one. Its own Vite build.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { LockHost } from "../src/host/index.ts";
import { MatterOnDemand } from "../src/integrations/matter/matter-on-demand.ts";
import { TestController } from "../src/integrations/matter/test-controller.ts";
import { createServer } from "../src/server/create-server.ts";
import type { Harness } from "./browser-harness.ts";
import { MISSING_CHROMIUM, button, it, startHarness } from "./browser-harness.ts";

const dataDir = mkdtempSync(join(tmpdir(), "latchkey-matter-page-"));
let host: LockHost | undefined;
let matter: MatterOnDemand | undefined;
let controller: TestController | undefined;
let harness: Harness | undefined;

beforeAll(async () => {
  if (MISSING_CHROMIUM) return;
  host = new LockHost({ pacing: false });
  host.open();
  matter = await MatterOnDemand.open({ host, dataDir, network: "loopback", all: false });
  harness = await startHarness({
    ownBuild: true,
    makeServer: (webDist) => createServer({ webDist, host: host!, matter: matter! }),
  });
}, 120_000);

afterAll(async () => {
  await controller?.close();
  await harness?.close();
  await matter?.close();
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe("the Matter panel", () => {
  it("makes the lock a Matter node, shows the QR code and manual code, then commissioned, and turns it off", async () => {
    const h = harness!;
    await h.makeLock({
      id: "front-door",
      name: "Front door",
      lock: { profile: "smartcode-914", state: "ready", door: "closed" },
    });
    const page = await h.openLock("front-door");
    const panel = page.locator("section.panel.matter");
    await page.locator('section.panel.matter[data-matter="off"]').waitFor();
    expect(matter!.loaded).toBe(false);

    await button(page, "Make this lock a Matter node").click();
    await page.locator('section.panel.matter[data-matter="on"][data-commissioned="false"]').waitFor({
      timeout: 30_000,
    });
    const api = (await (await fetch(`${h.base}/api/locks/front-door/matter`)).json()) as {
      manual_pairing_code: string;
      qr_pairing_code: string;
      passcode: number;
      port: number;
    };
    const manual = await panel.locator('[data-matter-field="manual"]').textContent();
    expect(manual?.replaceAll("-", "")).toBe(api.manual_pairing_code);
    expect(manual).toMatch(/^\d{4}-\d{3}-\d{4}$/);
    expect(await panel.locator('[data-matter-field="qr"]').textContent()).toBe(api.qr_pairing_code);
    // The QR code is an image the browser drew (an SVG the server made from the payload).
    const qr = panel.getByRole("img", { name: /Matter pairing QR code/ });
    await expect
      .poll(() =>
        qr.evaluate(
          (img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0,
        ),
      )
      .toBe(true);

    controller = await TestController.start();
    await controller.commission(api.port, api.passcode);
    await page.locator('section.panel.matter[data-commissioned="true"]').waitFor({ timeout: 15_000 });
    expect(await panel.locator('[data-matter-field="commissioned"]').textContent()).toMatch(/^yes/);

    page.once("dialog", (d) => void d.accept());
    await button(page, "Stop being a Matter node").click();
    await page.locator('section.panel.matter[data-matter="off"]').waitFor({ timeout: 15_000 });
    expect((await fetch(`${h.base}/api/locks/front-door/matter`)).status).toBe(409);
    await page.close();
  }, 90_000);

  it("a lock with no radio says it cannot be a Matter node, and offers no button", async () => {
    const h = harness!;
    await h.makeLock({
      id: "shed",
      name: "Shed",
      lock: { profile: "smartcode-264", state: "ready", door: "closed" },
    });
    const page = await h.openLock("shed");
    const panel = page.locator('section.panel.matter[data-matter="no-radio"]');
    await panel.getByText(/has no radio/).waitFor();
    expect(await panel.getByRole("button").count()).toBe(0);
    await page.close();
  }, 30_000);
});
