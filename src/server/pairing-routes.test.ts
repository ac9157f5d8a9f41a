/**
 * Pairing and removal over HTTP (`POST` / `DELETE /api/locks/:id/pairing`), as each profile's
 * procedure says (B-HW-7, B-NET-3): the page's "Pair" button and a hub's API. Refusals are
 * the documented error shape and leave the lock exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LockSnapshot } from "./api-schemas.ts";
import { createServer } from "./create-server.ts";
import type { LockServer } from "./create-server.ts";
import { stateOf, testClient } from "./test-client.ts";

let server: LockServer;

beforeEach(async () => {
  server = await createServer({
    pacing: false,
    initialLocks: [
      { id: "halo", name: "Halo", lock: { profile: "halo", state: "factory", door: "closed" } },
      { id: "zw", name: "914", lock: { profile: "smartcode-914", state: "ready", paired: false } },
      { id: "aura", name: "Aura", lock: { profile: "aura", state: "factory" } },
      { id: "plain", name: "264", lock: { profile: "smartcode-264", state: "ready" } },
    ],
  });
});

afterEach(async () => {
  await server.close();
});

const { call, snapshot } = testClient(() => server);

interface PairingBody {
  pairing: { method: string; controllerStep: string; lockStep: string; steps: string[] };
  lock: LockSnapshot;
}

/** A refused request: its status and code, and the lock untouched. */
async function refusedUnchanged(
  method: "POST" | "DELETE",
  id: string,
  status: number,
  code: string,
): Promise<void> {
  const before = stateOf(await snapshot(id));
  const r = await call(method, `/api/locks/${id}/pairing`);
  expect(r.status).toBe(status);
  expect((r.body["error"] as { code: string }).code).toBe(code);
  expect(stateOf(await snapshot(id))).toEqual(before);
}

describe("pairing over HTTP (B-HW-7, B-NET-3)", () => {
  it("B-NET-3: an app unlock on an out-of-the-box Halo is refused lock.unpaired; pairing from the app makes it work", async () => {
    const refused = await call("POST", "/api/locks/halo/remote", { command: "unlock" });
    expect(refused.status).toBe(200);
    expect((refused.body["result"] as { code: string }).code).toBe("lock.unpaired");
    expect((await snapshot("halo")).link).toEqual({ radio: "wifi", online: true, paired: false });

    const r = await call("POST", "/api/locks/halo/pairing");
    expect(r.status).toBe(200);
    const body = r.body as unknown as PairingBody;
    expect(body.pairing.method).toBe("wifi-join");
    expect(body.pairing.steps.join(" ")).toMatch(/add the lock in the app/);
    expect(body.lock.link).toEqual({ radio: "wifi", online: true, paired: true });
    expect(body.lock.history.at(-1)).toMatchObject({ kind: "paired", source: "remote" });

    // Now the command reaches the lock, which answers for itself: out of the box it is not handed.
    const lock = await call("POST", "/api/locks/halo/remote", { command: "lock" });
    expect(lock.body["result"]).toMatchObject({ ok: false, code: "bolt.not-handed" });
  });

  it("B-HW-7: a Z-Wave SmartCode pairs by inclusion with the press of button A, and is removed by exclusion", async () => {
    const r = await call("POST", "/api/locks/zw/pairing");
    expect(r.status).toBe(200);
    const body = r.body as unknown as PairingBody;
    expect(body.pairing.method).toBe("zwave-inclusion");
    expect(body.pairing.steps).toEqual([
      "The hub: start inclusion (add device) at the hub.",
      "You: press the radio button A on the interior once.",
      "The lock announced itself and the hub took it in (one green flash and one beep).",
    ]);
    expect(body.lock.link.paired).toBe(true);
    expect(body.lock.profile.pairing?.lockStep).toBe("press the radio button A on the interior once");

    const removed = await call("DELETE", "/api/locks/zw/pairing");
    expect(removed.status).toBe(200);
    const gone = removed.body as unknown as PairingBody;
    expect(gone.pairing.steps).toContain("You: press the radio button A on the interior once.");
    expect(gone.lock.link).toMatchObject({ paired: false, online: false });
    const after = await call("POST", "/api/locks/zw/remote", { command: "unlock" });
    expect((after.body["result"] as { code: string }).code).toBe("lock.unpaired");
  });

  it("B-HW-7: an Aura pairs over Bluetooth in range, with nothing to do at the lock", async () => {
    const body = (await call("POST", "/api/locks/aura/pairing")).body as unknown as PairingBody;
    expect(body.pairing.method).toBe("bluetooth-pairing");
    expect(body.pairing.steps).toHaveLength(2);
    expect(body.lock.link.paired).toBe(true);
  });

  it("refusals change nothing: no radio, already paired, not paired, no power, out of reach", async () => {
    await refusedUnchanged("POST", "plain", 409, "radio.absent");
    await refusedUnchanged("DELETE", "halo", 409, "lock.unpaired");
    await call("POST", "/api/locks/halo/pairing");
    await refusedUnchanged("POST", "halo", 409, "lock.paired");

    await call("POST", "/api/locks/zw/pack", { action: "remove" });
    await refusedUnchanged("POST", "zw", 409, "lock.offline");
    await call("POST", "/api/locks/zw/pack", { action: "insert" });

    await call("POST", "/api/locks/aura/faults", { fault: "radio-offline" });
    await refusedUnchanged("POST", "aura", 409, "lock.offline");

    await refusedUnchanged("POST", "nobody", 404, "lock.unknown");
  });

  it("B-NET-3: a lock its hub forgot (hub-unpaired) cannot be removed, and is taken back in", async () => {
    await call("POST", "/api/locks/halo/pairing");
    await call("POST", "/api/locks/halo/faults", { fault: "hub-unpaired" });
    expect((await snapshot("halo")).link.online).toBe(false);
    await refusedUnchanged("DELETE", "halo", 409, "lock.unpaired");
    const again = (await call("POST", "/api/locks/halo/pairing")).body as unknown as PairingBody;
    expect(again.lock.link).toMatchObject({ paired: true, online: true });
  });

  it("lists the pairing routes and their errors in the OpenAPI document", async () => {
    const doc = (await call("GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/locks/{id}/pairing"] ?? {})).toEqual(["post", "delete"]);
  });
  it("B-HW-7: a body on the pairing routes is refused request.invalid, the lock untouched; {} is no body", async () => {
    const before = stateOf(await snapshot("zw"));
    for (const method of ["POST", "DELETE"] as const) {
      const r = await call(method, "/api/locks/zw/pairing", { method: "zwave-inclusion" });
      expect(r.status).toBe(400);
      expect((r.body["error"] as { code: string }).code).toBe("request.invalid");
    }
    expect(stateOf(await snapshot("zw"))).toEqual(before);
    expect((await call("POST", "/api/locks/zw/pairing", {})).status).toBe(200);
  });
});
