/**
 * Seam's own JavaScript SDK (`@seamapi/http`, the client Seam ships) drives the hub through
 * `/api/seam/v1` exactly as it drives Seam: its endpoint option points at the hub, a hub token
 * prefixed `seam_` is its API key (the SDK refuses any other before sending), reads go out as
 * GET with `_strict=true` and lists as repeated keys, an update as PATCH and a delete as DELETE
 * with query parameters, and lock/unlock follow their action attempt. The locks are real hosted
 * locks on real time (src/host/), so an unlock is a bolt that drew back and a `set` code opens
 * the lock at its keypad. On SQLite, and on PostgreSQL when DATABASE_URL is set.
 */
import {
  SeamHttp,
  SeamHttpApiError,
  SeamHttpInvalidInputError,
  SeamHttpUnauthorizedError,
} from "@seamapi/http/connect";
import { afterEach, describe, expect, it } from "vitest";
import { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";
import { enterCode } from "../../src/twin/person-actions.ts";
import { seamSdkHub, until } from "./seam-sdk-hub.ts";

for (const backend of backends("Seam's SDK on the hub")) {
  describe(`Seam's own SDK against /api/seam/v1 on hosted locks, ${backend.name}`, () => {
    const cleanups: (() => Promise<unknown> | void)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    const setup = () => seamSdkHub(backend, cleanups);

    it("B-NET-2: devices and locks list and get (lists as repeated keys), and unlock/lock follow their action attempt to a bolt that moved", async () => {
      const { host, seam } = await setup();
      const locks = await seam.locks.list();
      expect(locks.map((d) => d.device_id).sort()).toEqual(["back", "front"]);
      const some = await seam.devices.list({ device_ids: ["front", "back"] });
      expect(some.map((d) => d.device_id).sort()).toEqual(["back", "front"]);
      expect((await seam.devices.list({ device_ids: ["back"] })).map((d) => d.device_id)).toEqual(["back"]);
      const front = await seam.devices.get({ device_id: "front" });
      expect(front.properties.online).toBe(true);

      valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      const unlocked = await seam.locks.unlockDoor(
        { device_id: "front" },
        { waitForActionAttempt: { timeout: 20_000 } },
      );
      expect([unlocked.status, unlocked.action_type]).toEqual(["success", "UNLOCK_DOOR"]);
      expect(host.view("front")?.bolt).toBe("unlocked");
      const locked = await seam.locks.lockDoor(
        { device_id: "front" },
        { waitForActionAttempt: { timeout: 20_000 } },
      );
      expect([locked.status, locked.action_type]).toEqual(["success", "LOCK_DOOR"]);
      expect(host.view("front")?.bolt).toBe("locked");
      expect((await seam.locks.get({ device_id: "front" })).properties.locked).toBe(true);

      const events = await seam.events.list({
        device_id: "front",
        since: new Date(Date.now() - 3_600_000).toISOString(),
      });
      expect(events.map((e) => e.event_type)).toEqual(
        expect.arrayContaining(["lock.unlocked", "lock.locked"]),
      );
    }, 60_000);

    it("B-CODE-8: access codes: create → set on the lock and opening it at the keypad → update (PATCH: a replacement) → delete (DELETE) → gone from the lock", async () => {
      const { host, seam } = await setup();
      const made = await seam.accessCodes.create({ device_id: "front", name: "Gus", code: "583920" });
      expect([made.code, made.status]).toEqual(["583920", "setting"]);
      const set = await until(
        () => seam.accessCodes.get({ access_code_id: made.access_code_id }),
        (c) => c.status === "set",
      );
      expect(set.status).toBe("set");
      const listed = await seam.accessCodes.list({ access_code_ids: [made.access_code_id] });
      expect(listed.map((c) => c.name)).toEqual(["Gus"]);

      valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      await new Promise((r) => setTimeout(r, 300));
      valueOrThrow(host.act("front", (l) => l.handsOn((twin) => enterCode(twin, "583920"))));
      expect(
        await until(
          async () => host.view("front")?.bolt,
          (b) => b === "unlocked",
        ),
      ).toBe("unlocked");

      await seam.accessCodes.update({ access_code_id: made.access_code_id, name: "Gus B", code: "740163" });
      const after = await until(
        () => seam.accessCodes.list({ device_id: "front" }),
        (cs) => cs.length === 1 && cs[0]?.name === "Gus B" && cs[0]?.status === "set",
      );
      expect(after.map((c) => [c.name, c.code, c.status])).toEqual([["Gus B", "740163", "set"]]);
      const replacement = after[0]!.access_code_id;
      expect(replacement).not.toBe(made.access_code_id);

      await seam.accessCodes.delete({ access_code_id: replacement });
      const gone = await until(
        () => seam.accessCodes.list({ device_id: "front" }),
        (cs) => cs.length === 0,
      );
      expect(gone).toEqual([]);
      valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      await new Promise((r) => setTimeout(r, 300));
      valueOrThrow(host.act("front", (l) => l.handsOn((twin) => enterCode(twin, "740163"))));
      await new Promise((r) => setTimeout(r, 3_000));
      expect(host.view("front")?.bolt).toBe("locked");
    }, 90_000);

    it("B-NET-2: devices/update with is_managed: false makes a lock Seam's unmanaged device — its code deleted from the lock, gone from devices/list, in devices/unmanaged/list and get, device.converted_to_unmanaged in events, writes refused — and devices/unmanaged/update with is_managed: true brings it back", async () => {
      const { host, hub, seam } = await setup();
      const since = new Date(Date.now() - 60_000).toISOString();
      const made = await seam.accessCodes.create({ device_id: "front", name: "Family", code: "740163" });
      await until(
        () => seam.accessCodes.get({ access_code_id: made.access_code_id }),
        (c) => c.status === "set",
      );
      const slot = (await hub.repo.listLockCodes("front"))[0]!.slot as number;
      await seam.devices.update({ device_id: "front", is_managed: false });
      const rows = await until(
        () => hub.repo.listLockCodes("front"),
        (r) => r.every((x) => x.status === "removed"),
      );
      expect(rows.map((r) => [r.status, r.slot])).toEqual([["removed", null]]);
      expect(await host.link("front")!.send({ type: "readSlot", slot })).toMatchObject({
        ok: true,
        data: { occupied: false },
      });
      expect((await seam.devices.list()).map((d) => d.device_id)).toEqual(["back"]);
      const unmanaged = await seam.devices.unmanaged.list();
      expect(unmanaged.map((d) => [d.device_id, d.is_managed])).toEqual([["front", false]]);
      expect((await seam.devices.unmanaged.get({ device_id: "front" })).is_managed).toBe(false);
      const managedOne = await seam.devices.unmanaged.get({ device_id: "back" }).catch((e: unknown) => e);
      expect((managedOne as SeamHttpApiError).statusCode).toBe(404);
      const write = await seam.accessCodes
        .create({ device_id: "front", name: "New", code: "583920" })
        .catch((e: unknown) => e);
      expect([(write as SeamHttpApiError).statusCode, (write as SeamHttpApiError).code]).toEqual([
        409,
        "lock_unmanaged",
      ]);
      // Asked again: the same answer, nothing changes.
      await seam.devices.update({ device_id: "front", is_managed: false });
      const types = async () =>
        (await seam.events.list({ device_id: "front", since })).map((e) => e.event_type as string);
      expect((await types()).filter((t) => t === "device.converted_to_unmanaged")).toHaveLength(1);

      await seam.devices.unmanaged.update({ device_id: "front", is_managed: true });
      expect((await seam.devices.list()).map((d) => d.device_id).sort()).toEqual(["back", "front"]);
      expect(await seam.devices.unmanaged.list()).toEqual([]);
      expect(await types()).toContain("device.unmanaged.converted_to_managed");
      const again = await seam.accessCodes.create({ device_id: "front", name: "New", code: "583920" });
      expect(
        (
          await until(
            () => seam.accessCodes.get({ access_code_id: again.access_code_id }),
            (c) => c.status === "set",
          )
        ).status,
      ).toBe("set");
    }, 60_000);

    it("B-SEC-4: a wrong key is Seam's unauthorized; bad input is Seam's invalid_input and changes nothing", async () => {
      const { seam, endpoint } = await setup();
      const stranger = SeamHttp.fromApiKey("seam_not-a-hub-token-0123456789", { endpoint });
      await expect(stranger.locks.list()).rejects.toBeInstanceOf(SeamHttpUnauthorizedError);
      await expect(seam.accessCodes.create({ device_id: "front", code: "12ab" })).rejects.toBeInstanceOf(
        SeamHttpInvalidInputError,
      );
      const unknown = await seam.accessCodes
        .create({ device_id: "nowhere", code: "583920" })
        .catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(SeamHttpApiError);
      expect((unknown as SeamHttpApiError).statusCode).toBe(404);
      expect(await seam.accessCodes.list({ device_id: "front" })).toEqual([]);
    }, 60_000);
  });
}
