/**
 * The firmware routes (issue 14) in-process (Fastify inject) over a SQLite hub and real hosted
 * Halo locks on free-running clocks: a build published and listed with the hub's public key,
 * one lock's update answered 202 and read back updated, an offline lock refused 409 with
 * nothing sent, bad bodies refused 400, and a rollout's report — each answer parsed with the
 * schema the OpenAPI document shows.
 */
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LockHost } from "../../host/index.ts";
import { Hub, HubRepository, ephemeralSigningKey } from "../../hub/index.ts";
import { openSqliteDb } from "../../hub/storage/sqlite-db.ts";
import { LATEST_VERSION } from "../../core/update/firmware-versions.ts";
import { HUB_API_PREFIX, hubApi } from "./hub-api.ts";
import { firmwareUpdateJsonSchema, releaseJsonSchema, rolloutJsonSchema } from "./hub-firmware-schemas.ts";

const TOKEN = "test-admin-token-0123456789";
let app: FastifyInstance;
let hub: Hub;
let host: LockHost;

beforeEach(async () => {
  const key = ephemeralSigningKey();
  host = new LockHost({ pacing: false, updateKeys: [key.publicKey] });
  host.open();
  for (let i = 0; i < 20; i++) {
    const r = host.create({
      id: `door-${i}`,
      seed: i + 1,
      setup: {
        profile: "halo",
        state: "ready",
        door: "closed",
        batteries: "fresh",
        codes: [],
        faults: i < 2 ? ["firmware-outdated"] : [],
        temperatureC: 20,
        settings: {},
        timeMs: Date.UTC(2026, 11, 7, 9),
        paired: true,
      },
    });
    if (!r.ok) throw new Error(r.reason);
  }
  const repo = await HubRepository.open(openSqliteDb(":memory:"));
  hub = new Hub({ repo, source: host, firmwareKey: key });
  await hub.watch();
  const admin = await hub.ensureAdminToken(TOKEN);
  await hub.createSite(admin, { id: "home", name: "Home", timeZone: "UTC" });
  for (let i = 0; i < 20; i++) await hub.addLock(admin, { lockId: `door-${i}`, siteId: "home" });
  app = Fastify();
  await app.register(hubApi, { hub });
});

afterEach(async () => {
  await app.close();
  await hub.close();
  await hub.repo.close();
  await host.close();
});

const call = (method: "GET" | "POST", url: string, body?: unknown) =>
  app.inject({
    method,
    url: `${HUB_API_PREFIX}${url}`,
    headers: { authorization: `Bearer ${TOKEN}` },
    ...(body === undefined ? {} : { payload: body as object }),
  });

describe("firmware routes", () => {
  it("GET /locks shows each lock's version and whether an update exists; POST /locks/{id}/firmware_update answers 202 and GET reads it back updated", async () => {
    await hub.tick(); // the hub asks locks it does not know yet what they run
    const locks = (await call("GET", "/locks")).json().locks as {
      lock_id: string;
      firmware_version: string | null;
      firmware_update_available: string | null;
    }[];
    expect(locks.find((l) => l.lock_id === "door-0")).toMatchObject({
      firmware_version: "1.0.0",
      firmware_update_available: LATEST_VERSION,
    });
    expect(locks.find((l) => l.lock_id === "door-5")).toMatchObject({
      firmware_version: LATEST_VERSION,
      firmware_update_available: null,
    });
    const started = await call("POST", "/locks/door-0/firmware_update", {});
    expect(started.statusCode).toBe(202);
    expect(firmwareUpdateJsonSchema.parse(started.json().firmware_update)).toMatchObject({
      status: "pending",
      version: LATEST_VERSION,
    });
    await hub.firmware.idle();
    const read = await call("GET", "/locks/door-0/firmware_update");
    expect(firmwareUpdateJsonSchema.parse(read.json().firmware_update)).toMatchObject({
      status: "updated",
      previous_version: "1.0.0",
      error: null,
    });
    const again = await call("POST", "/locks/door-0/firmware_update", {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("firmware.up-to-date");
  });

  it("refuses an offline lock with 409 lock.offline and a reason, and bad bodies with 400; nothing is started", async () => {
    const removed = host.act("door-1", (l) => l.pack({ action: "remove" }));
    expect(removed.ok).toBe(true);
    const offline = await call("POST", "/locks/door-1/firmware_update", {});
    expect(offline.statusCode).toBe(409);
    expect(offline.json().error).toMatchObject({ code: "lock.offline" });
    expect((await call("GET", "/locks/door-1/firmware_update")).statusCode).toBe(404);
    for (const body of [{ version: "one" }, { allow_downgrade: "yes" }, { extra: 1 }]) {
      const r = await call("POST", "/locks/door-0/firmware_update", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe("request.invalid");
    }
    const badRollout = await call("POST", "/firmware_rollouts", {
      profile: "halo",
      version: LATEST_VERSION,
      stages_percent: [50, 10, 100],
    });
    expect(badRollout.statusCode).toBe(400);
    expect((await call("GET", "/firmware_rollouts")).json().firmware_rollouts).toEqual([]);
  });

  it("publishes a build, lists it with the hub's public key, and rolls it out with a report", async () => {
    const published = await call("POST", "/firmware/releases", {
      profile: "halo",
      version: "1.2.0",
      changes: ["Motor: a gentler start"],
      boards: ["A", "B"],
      program_bytes: 1024,
    });
    expect(published.statusCode).toBe(201);
    expect(releaseJsonSchema.parse(published.json().release)).toMatchObject({
      origin: "published",
      boards: ["A", "B"],
    });
    expect(
      (await call("POST", "/firmware/releases", { profile: "halo", version: "1.2.0", changes: ["again"] }))
        .statusCode,
    ).toBe(409);
    const listed = (await call("GET", "/firmware/releases")).json();
    expect(listed.public_key).toMatch(/^[0-9a-f]{64}$/);
    expect(
      listed.releases.map((r: { profile: string; version: string }) => `${r.profile}@${r.version}`),
    ).toContain("halo@1.2.0");

    const made = await call("POST", "/firmware_rollouts", {
      profile: "halo",
      version: "1.2.0",
      stages_percent: [10, 100],
      failure_threshold_percent: 50,
      concurrency: 4,
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().firmware_rollout.id as string;
    await hub.firmware.idle();
    const report = rolloutJsonSchema.parse(
      (await call("GET", `/firmware_rollouts/${id}`)).json().firmware_rollout,
    );
    expect(report.targets).toBe(20);
    const rolledBack = report.report.rolled_back.map((r) => r.lock_id);
    const boardC = [...Array(20).keys()]
      .map((i) => `door-${i}`)
      .filter((id) => host.get(id)!.twin.board === "C");
    if (report.status === "completed") {
      expect(rolledBack.sort()).toEqual(boardC.sort());
      expect(report.report.updated.length + rolledBack.length).toBe(20);
    } else {
      expect(report.status).toBe("halted");
      expect(rolledBack.every((id) => boardC.includes(id))).toBe(true);
    }
    const list = (await call("GET", "/firmware_rollouts")).json().firmware_rollouts;
    expect(list.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it("POST /firmware_rollouts/{id}/cancel: 200 with the rollout cancelled, who and when; a lock held at its start is never sent a byte; again → 409 firmware_rollout.not-running", async () => {
    // The first lock's start waits until the cancel is in: the rollout is surely running when it comes.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const store = hub.firmware.store;
    const startSending = store.startSending.bind(store);
    const began: boolean[] = [];
    store.startSending = async (...args) => {
      await gate;
      const r = await startSending(...args);
      began.push(r);
      return r;
    };
    const made = await call("POST", "/firmware_rollouts", {
      profile: "halo",
      version: LATEST_VERSION,
      lock_ids: ["door-0", "door-1"],
      stages_percent: [100],
      concurrency: 1,
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().firmware_rollout.id as string;
    const cancelled = await call("POST", `/firmware_rollouts/${id}/cancel`, {});
    expect(cancelled.statusCode).toBe(200);
    const body = rolloutJsonSchema.parse(cancelled.json().firmware_rollout);
    expect(body.status).toBe("cancelled");
    expect(body.cancelled_by).toMatch(/.+/);
    expect(Date.parse(body.cancelled_at!)).toBeGreaterThan(0);
    open();
    await hub.firmware.idle();
    expect(began.every((b) => !b)).toBe(true);
    const report = rolloutJsonSchema.parse(
      (await call("GET", `/firmware_rollouts/${id}`)).json().firmware_rollout,
    );
    expect(report.status).toBe("cancelled");
    expect(report.report.updated).toEqual([]);
    expect(report.report.never_tried.map((n) => n.code)).toEqual(["rollout.cancelled", "rollout.cancelled"]);
    expect(host.get("door-0")!.twin.runningVersion).toBe("1.0.0");
    const again = await call("POST", `/firmware_rollouts/${id}/cancel`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("firmware_rollout.not-running");
    const missing = await call("POST", "/firmware_rollouts/00000000-0000-0000-0000-000000000000/cancel", {});
    expect(missing.statusCode).toBe(404);
  });
});
