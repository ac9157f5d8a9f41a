/**
 * Webhooks against a real HTTP receiver on loopback: signed with HMAC-SHA256 (the receiver
 * checks it), retried with backoff after a failure, every attempt in the delivery log.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Hub } from "./hub.ts";
import { HubRepository } from "./storage/hub-repository.ts";
import { openSqliteDb } from "./storage/sqlite-db.ts";
import { FakeLockSource } from "./fake-lock-source.test-fake.ts";
import { MAX_WEBHOOKS, SIGNATURE_HEADER, signPayload, verifySignature } from "./webhooks.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe("webhooks", () => {
  it("signatures: the receiver's check passes for the body sent and fails for any other or an old one", () => {
    const now = Date.UTC(2026, 11, 7);
    const header = signPayload("whsec_x", '{"a":1}', now);
    expect(verifySignature("whsec_x", '{"a":1}', header, now)).toBe(true);
    expect(verifySignature("whsec_x", '{"a":2}', header, now)).toBe(false);
    expect(verifySignature("whsec_y", '{"a":1}', header, now)).toBe(false);
    expect(verifySignature("whsec_x", '{"a":1}', header, now + 10 * 60_000)).toBe(false);
  });

  it("an alert is POSTed signed; a failing receiver gets it again after a backoff; the log shows each attempt", async () => {
    const received: { body: string; signature: string }[] = [];
    let answer = 500;
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers[SIGNATURE_HEADER] ?? "") });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;

    const clock = { now: Date.now() };
    const repo = await HubRepository.open(openSqliteDb(":memory:"));
    const source = new FakeLockSource(() => clock.now);
    source.add("front");
    const hub = new Hub({ repo, source, now: () => clock.now });
    closers.push(async () => {
      await hub.close();
      await repo.close();
    });
    await hub.watch();
    const owner = await hub.createOwner("Olivia");
    if (!owner.ok) throw new Error(owner.reason);
    await hub.createSite(owner.value, { id: "home", name: "Home", timeZone: "UTC" });
    await hub.addLock(owner.value, { lockId: "front", siteId: "home" });
    expect(await hub.addWebhook(owner.value, "ftp://example.com/x")).toMatchObject({
      ok: false,
      code: "webhook.url",
    });
    const added = await hub.addWebhook(owner.value, `http://127.0.0.1:${port}/hook`, ["alert"]);
    if (!added.ok) throw new Error(added.reason);
    await hub.settle();

    source.get("front").factoryReset();
    await hub.settle();
    expect(received.length).toBe(1);
    const first = received[0]!;
    expect(verifySignature(added.value.secret, first.body, first.signature, clock.now)).toBe(true);
    expect(JSON.parse(first.body)).toMatchObject({
      type: "alert",
      data: { lock_id: "front", kind: "lock.factory-reset" },
    });
    let log = await hub.webhookDeliveries(owner.value, added.value.webhook.id);
    expect(log.ok && log.value[0]).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });

    answer = 200;
    clock.now += 5_000; // before the backoff: not yet
    await hub.tick();
    expect(received.length).toBe(1);
    clock.now += 6_000;
    await hub.tick();
    expect(received.length).toBe(2);
    expect(received[1]!.body).toBe(first.body);
    log = await hub.webhookDeliveries(owner.value, added.value.webhook.id);
    expect(log.ok && log.value[0]).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });

    const manager = await hub.addPerson(owner.value, { name: "Max", role: "manager", siteIds: ["home"] });
    if (!manager.ok) throw new Error(manager.reason);
    expect(await hub.addWebhook(manager.value, `http://127.0.0.1:${port}/x`)).toMatchObject({
      ok: false,
      code: "auth.forbidden",
    });
  });

  it(`at most ${MAX_WEBHOOKS} webhooks: one more is webhook.too-many and stores nothing; removing one makes room`, async () => {
    // Every alert and status is POSTed to every webhook: without a bound, one owner's script
    // could make each change a million requests.
    const repo = await HubRepository.open(openSqliteDb(":memory:"));
    const hub = new Hub({ repo, source: new FakeLockSource() });
    closers.push(async () => {
      await hub.close();
      await repo.close();
    });
    const made = await hub.createOwner("Olivia");
    if (!made.ok) throw new Error(made.reason);
    const owner = made.value;
    for (let i = 0; i < MAX_WEBHOOKS; i++) {
      expect((await hub.addWebhook(owner, `https://hooks.example/${i}`)).ok).toBe(true);
    }
    const over = await hub.addWebhook(owner, "https://hooks.example/one-more");
    expect(over).toMatchObject({ ok: false, code: "webhook.too-many" });
    const listed = await hub.listWebhooks(owner);
    expect(listed.ok && listed.value.length).toBe(MAX_WEBHOOKS);
    if (!listed.ok) return;
    expect((await hub.removeWebhook(owner, listed.value[0]!.id)).ok).toBe(true);
    expect((await hub.addWebhook(owner, "https://hooks.example/one-more")).ok).toBe(true);
  });
});
