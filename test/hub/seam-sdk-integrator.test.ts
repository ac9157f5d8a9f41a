/**
 * The calls an integrator's code makes with Seam's own SDK (`@seamapi/http`) beyond the core
 * flow of seam-sdk.test.ts — what it reads at start (the workspace, devices by type), digits
 * suggested before a code is made, keypad codes as Seam's unmanaged codes, one event, its
 * action attempts — against real hosted locks on real time (SQLite, and PostgreSQL when
 * DATABASE_URL is set). Each refusal is Seam's error type and changes nothing.
 */
import {
  SeamActionAttemptFailedError,
  SeamHttpApiError,
  SeamHttpInvalidInputError,
} from "@seamapi/http/connect";
import { afterEach, describe, expect, it } from "vitest";
import { backends } from "../../src/hub/storage/test-backends.test-fake.ts";
import { valueOrThrow } from "../../src/host/outcome.ts";
import { addCode, enterCode } from "../../src/twin/person-actions.ts";
import { seamSdkHub, until } from "./seam-sdk-hub.ts";

/** The Seam error type a refused call was answered with (throws when it was not refused). */
async function refusal(call: Promise<unknown>): Promise<string> {
  const e = await call.then(
    () => {
      throw new Error("the call was not refused");
    },
    (err: unknown) => err,
  );
  if (e instanceof SeamHttpInvalidInputError) return "invalid_input";
  if (e instanceof SeamHttpApiError) return e.code;
  throw e;
}

for (const backend of backends("Seam's SDK, an integrator's calls")) {
  describe(`Seam's own SDK, an integrator's further calls, ${backend.name}`, () => {
    const cleanups: (() => Promise<unknown> | void)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it("B-CODE-4: access_codes/generate_code suggests digits the lock takes and makes nothing; a code made with them opens the lock, and the next suggestion differs in its first four", async () => {
      const { host, seam, as } = await seamSdkHub(backend, cleanups);
      const suggested = await seam.accessCodes.generateCode({ device_id: "front" });
      expect(suggested.device_id).toBe("front");
      const code = suggested.code ?? "";
      expect(code).toMatch(/^\d{4,8}$/); // B-CODE-2: the 914 takes 4–8
      expect(await seam.accessCodes.list({ device_id: "front" })).toEqual([]);

      const made = await seam.accessCodes.create({ device_id: "front", name: "Ann", code });
      expect(made.warnings.map((w) => w.warning_code)).toEqual([]); // B-CODE-9: never a weak one
      await until(
        () => seam.accessCodes.get({ access_code_id: made.access_code_id }),
        (c) => c.status === "set",
      );
      valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      await new Promise((r) => setTimeout(r, 300));
      valueOrThrow(host.act("front", (l) => l.handsOn((twin) => enterCode(twin, code))));
      expect(
        await until(
          async () => host.view("front")?.bolt,
          (b) => b === "unlocked",
        ),
      ).toBe("unlocked");
      for (let i = 0; i < 20; i++) {
        const next = await seam.accessCodes.generateCode({ device_id: "front" });
        expect(next.code?.slice(0, 4)).not.toBe(code.slice(0, 4));
      }

      // Refusals: as the REST API refuses making a code there, and nothing is made.
      const guest = await as("guest");
      const elsewhere = await as("manager", []);
      expect(await refusal(guest.accessCodes.generateCode({ device_id: "front" }))).toBe("forbidden");
      expect(await refusal(elsewhere.accessCodes.generateCode({ device_id: "front" }))).toBe("forbidden");
      expect(await refusal(seam.accessCodes.generateCode({ device_id: "nowhere" }))).toBe("device_not_found");
      expect(
        await refusal(
          seam.accessCodes.generateCode({ device_id: "front", code_length: 6 } as { device_id: string }),
        ),
      ).toBe("invalid_input");
      expect((await seam.accessCodes.list({ device_id: "front" })).map((c) => c.access_code_id)).toEqual([
        made.access_code_id,
      ]);
    }, 60_000);

    it("B-NET-1, B-SEC-4: a code added at the keypad is Seam's unmanaged access code, without its digits; unknown ids, other people and lookups by digits are refused", async () => {
      const { host, seam, as } = await seamSdkHub(backend, cleanups);
      expect(await seam.accessCodes.unmanaged.list({ device_id: "front" })).toEqual([]);
      const slot = host.act("front", (l) => l.handsOn((twin, person) => addCode(twin, person, "864213", 7)));
      expect(slot).toMatchObject({ ok: true, value: 7 });
      const listed = await until(
        () => seam.accessCodes.unmanaged.list({ device_id: "front" }),
        (cs) => cs.length === 1,
      );
      expect(listed).toEqual([
        expect.objectContaining({
          access_code_id: "unmanaged_7_front",
          device_id: "front",
          code: null,
          name: null,
          is_managed: false,
          status: "set",
          type: "ongoing",
        }),
      ]);
      expect(JSON.stringify(listed)).not.toContain("864213");
      const got = await seam.accessCodes.unmanaged.get({ access_code_id: "unmanaged_7_front" });
      expect(got).toEqual(listed[0]);
      expect(await seam.accessCodes.list({ device_id: "front" })).toEqual([]); // not a managed code
      expect(await seam.accessCodes.unmanaged.list({ device_id: "back" })).toEqual([]);

      for (const id of ["unmanaged_8_front", "unmanaged_7_back", "unmanaged_7_nowhere"])
        expect(await refusal(seam.accessCodes.unmanaged.get({ access_code_id: id }))).toBe(
          "access_code_not_found",
        );
      expect(
        await refusal(
          seam.accessCodes.unmanaged.get({ access_code_id: "unmanaged_7_front", device_id: "back" }),
        ),
      ).toBe("access_code_not_found");
      // The lock never reveals a keypad code's digits, so there is nothing to look one up by.
      expect(await refusal(seam.accessCodes.unmanaged.get({ device_id: "front", code: "864213" }))).toBe(
        "invalid_input",
      );
      expect(await refusal(seam.accessCodes.unmanaged.list({ device_id: "nowhere" }))).toBe(
        "device_not_found",
      );
      const guest = await as("guest");
      const elsewhere = await as("manager", []);
      expect(await refusal(guest.accessCodes.unmanaged.list({ device_id: "front" }))).toBe("forbidden");
      expect(
        await refusal(elsewhere.accessCodes.unmanaged.get({ access_code_id: "unmanaged_7_front" })),
      ).toBe("forbidden");
      expect(await seam.accessCodes.unmanaged.list({ device_id: "front" })).toHaveLength(1);
    }, 60_000);

    it("B-SEC-5: events/get reads one event events/list gave, with how the door was opened; action_attempts/list gives the caller's own attempts", async () => {
      const { host, seam, as } = await seamSdkHub(backend, cleanups);
      valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      const unlocked = await seam.locks.unlockDoor(
        { device_id: "front" },
        { waitForActionAttempt: { timeout: 20_000 } },
      );
      const locked = await seam.locks.lockDoor(
        { device_id: "back" },
        { waitForActionAttempt: { timeout: 20_000 } },
      );
      expect([unlocked.status, locked.status]).toEqual(["success", "success"]);

      const since = new Date(Date.now() - 3_600_000).toISOString();
      const events = await until(
        () => seam.events.list({ device_id: "front", event_type: "lock.unlocked", since }),
        (es) => es.length > 0,
      );
      const [first] = events;
      if (!first) throw new Error("no unlock event");
      const one = await seam.events.get({ event_id: first.event_id });
      expect(one).toEqual(first);
      expect(one).toMatchObject({ event_type: "lock.unlocked", device_id: "front", method: "remote" });
      expect(await seam.events.get({ event_id: first.event_id, device_id: "front" })).toEqual(first);
      expect(await refusal(seam.events.get({ event_id: first.event_id, device_id: "back" }))).toBe(
        "event_not_found",
      );
      expect(await refusal(seam.events.get({ event_id: first.event_id, event_type: "lock.locked" }))).toBe(
        "event_not_found",
      );
      expect(await refusal(seam.events.get({ event_id: "h999999999" }))).toBe("event_not_found");
      expect(await refusal(seam.events.get({ event_id: "not-an-event" }))).toBe("invalid_input");
      // Someone who may not read this site's history does not learn the event exists.
      expect(await refusal((await as("manager", [])).events.get({ event_id: first.event_id }))).toBe(
        "event_not_found",
      );

      const mine = await seam.actionAttempts.list({
        action_attempt_ids: [unlocked.action_attempt_id, locked.action_attempt_id],
      });
      expect(mine.map((a) => [a.action_type, a.status])).toEqual([
        ["UNLOCK_DOOR", "success"],
        ["LOCK_DOOR", "success"],
      ]);
      expect((await seam.actionAttempts.list({ device_id: "back" })).map((a) => a.action_attempt_id)).toEqual(
        [locked.action_attempt_id],
      );
      // Attempts are their maker's: another person's key lists none of them.
      const manager = await as("manager", ["home"]);
      expect(await manager.actionAttempts.list({ action_attempt_ids: [unlocked.action_attempt_id] })).toEqual(
        [],
      );
      expect(await refusal(seam.actionAttempts.list({ action_attempt_ids: [] }))).toBe("invalid_input");
    }, 60_000);

    it("B-BOLT-7: locks/configure_auto_lock turns auto-lock on with a delay — the lock then relocks by itself after an unlock — and off; a delay the lock does not take is its refusal, and bad input or the wrong person changes nothing", async () => {
      const { host, seam, as } = await seamSdkHub(backend, cleanups);
      // Auto-lock never engages while the lock holds no user code (B-BOLT-7).
      const made = await seam.accessCodes.create({ device_id: "front", name: "Ann", code: "583920" });
      await until(
        () => seam.accessCodes.get({ access_code_id: made.access_code_id }),
        (c) => c.status === "set",
      );
      const before = await seam.devices.get({ device_id: "front" });
      expect(before.can_configure_auto_lock).toBe(true);
      expect(before.properties.auto_lock_enabled).toBe(false);

      const on = await seam.locks.configureAutoLock(
        { device_id: "front", auto_lock_enabled: true, auto_lock_delay_seconds: 30 },
        { waitForActionAttempt: { timeout: 20_000 } },
      );
      expect([on.action_type, on.status]).toEqual(["CONFIGURE_AUTO_LOCK", "success"]);
      expect((await seam.devices.get({ device_id: "front" })).properties).toMatchObject({
        auto_lock_enabled: true,
        auto_lock_delay_seconds: 30,
      });

      // Refusals change nothing: the lock's own (a delay its model does not take: 30–180 s) as
      // a failed attempt, bad input as invalid_input, the wrong person as forbidden.
      const tooShort = await seam.locks
        .configureAutoLock(
          { device_id: "front", auto_lock_enabled: true, auto_lock_delay_seconds: 10 },
          { waitForActionAttempt: { timeout: 20_000 } },
        )
        .catch((e: unknown) => e);
      expect(tooShort).toBeInstanceOf(SeamActionAttemptFailedError);
      expect((tooShort as SeamActionAttemptFailedError<never>).code).toBe("settings_invalid");
      expect(
        await refusal(
          seam.locks.configureAutoLock({
            device_id: "front",
            auto_lock_enabled: false,
            auto_lock_delay_seconds: 60,
          }),
        ),
      ).toBe("invalid_input");
      expect(
        await refusal(
          seam.locks.configureAutoLock({
            device_id: "front",
            auto_lock_enabled: "yes" as unknown as boolean,
          }),
        ),
      ).toBe("invalid_input");
      expect(
        await refusal(seam.locks.configureAutoLock({ device_id: "nowhere", auto_lock_enabled: false })),
      ).toBe("device_not_found");
      for (const who of [await as("guest"), await as("manager", [])])
        expect(
          await refusal(who.locks.configureAutoLock({ device_id: "front", auto_lock_enabled: false })),
        ).toBe("forbidden");
      expect((await seam.devices.get({ device_id: "front" })).properties.auto_lock_delay_seconds).toBe(30);

      // On: an unlock over the radio, and the lock relocks by itself 30 s later.
      valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
      await seam.locks.unlockDoor({ device_id: "front" }, { waitForActionAttempt: { timeout: 20_000 } });
      expect(host.view("front")?.bolt).toBe("unlocked");
      const relocked = await until(
        async () => host.view("front")?.bolt,
        (b) => b === "locked",
        45_000,
      );
      expect(relocked).toBe("locked");
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const auto = await until(
        () => seam.events.list({ device_id: "front", event_type: "lock.locked", since }),
        (es) => es.some((e) => (e as { method?: string }).method === "automatic"),
      );
      expect(auto.map((e) => (e as { method?: string }).method)).toContain("automatic");

      // Off: no delay in force.
      await seam.locks.configureAutoLock(
        { device_id: "front", auto_lock_enabled: false },
        { waitForActionAttempt: { timeout: 20_000 } },
      );
      const off = (await seam.devices.get({ device_id: "front" })).properties;
      expect([off.auto_lock_enabled, off.auto_lock_delay_seconds]).toEqual([false, undefined]);
    }, 120_000);

    it("B-NET-2: devices/update (PATCH) renames a lock as the REST API does — name or properties.name, null gives back the host's name — and refuses what it cannot do, changing nothing", async () => {
      const { host, hub, owner, seam, as } = await seamSdkHub(backend, cleanups);
      await seam.devices.update({ device_id: "front", name: "Front door" });
      const renamed = await seam.devices.get({ device_id: "front" });
      expect([renamed.display_name, renamed.properties.name]).toEqual(["Front door", "Front door"]);
      expect(valueOrThrow(await hub.getLock(owner, "front")).lock.name).toBe("Front door");
      await (
        await as("manager", ["home"])
      ).devices.update({ device_id: "back", properties: { name: "Garden" } });
      expect((await seam.locks.get({ device_id: "back" })).display_name).toBe("Garden");

      for (const call of [
        seam.devices.update({ device_id: "front", name: "" }),
        seam.devices.update({ device_id: "front", name: "Front\n# door" }), // one line of text
        seam.devices.update({ device_id: "front" }),
        seam.devices.update({ device_id: "front", name: "A", properties: { name: "B" } }),
        seam.devices.update({ device_id: "front", name: "A", custom_metadata: { room: "hall" } }),
      ])
        expect(await refusal(call)).toBe("invalid_input");
      expect(await refusal(seam.devices.update({ device_id: "nowhere", name: "A" }))).toBe(
        "device_not_found",
      );
      for (const who of [await as("guest"), await as("manager", [])])
        expect(await refusal(who.devices.update({ device_id: "front", name: "Mine" }))).toBe("forbidden");
      expect((await seam.devices.get({ device_id: "front" })).display_name).toBe("Front door");

      await seam.devices.update({ device_id: "front", name: null });
      expect((await seam.devices.get({ device_id: "front" })).display_name).toBe(host.view("front")?.name);
    }, 60_000);

    it("B-PWR-2, B-PWR-3, B-PWR-4: a pack running low then critical is one Seam device.low_battery (crossing low, with the level read then and the workspace) and a device.battery_status_changed at each change — low, critical, full again with fresh cells — as the device's battery status follows", async () => {
      const { host, hub, owner, seam } = await seamSdkHub(backend, cleanups);
      const since = new Date(Date.now() - 60_000).toISOString();
      const lows = () => seam.events.list({ device_id: "front", event_type: "device.low_battery", since });
      valueOrThrow(host.act("front", (l) => l.fault({ fault: "battery-low" })));
      const [low] = await until(lows, (es) => es.length === 1);
      const lowLevel = host.view("front")!.battery!.percent / 100;
      expect(low).toMatchObject({
        workspace_id: "latchkey_hub",
        device_id: "front",
        battery_level: lowLevel,
      });
      expect((await seam.devices.get({ device_id: "front" })).properties.battery).toEqual({
        level: lowLevel,
        status: "low",
      });
      // Seam: device.low_battery is the level dropping below the low threshold — once for the
      // pack; every change of status after that is device.battery_status_changed (before
      // 7 December 2026 critical was a second device.low_battery and no status change was sent).
      const statuses = () =>
        seam.events.list({ device_id: "front", event_type: "device.battery_status_changed", since });
      const statusOf = (es: Awaited<ReturnType<typeof statuses>>) =>
        es.map((e) =>
          e.event_type === "device.battery_status_changed"
            ? `${e.battery_status} ${e.battery_level}`
            : e.event_type,
        );
      expect(statusOf(await until(statuses, (es) => es.length === 1))).toEqual([`low ${lowLevel}`]);
      valueOrThrow(host.act("front", (l) => l.fault({ fault: "battery-critical" })));
      // The lock's report and the hub's poll both see the change; the hub raises the critical
      // alert before it closes the low one, and the overlap (or a close a few milliseconds apart)
      // is one change of status (SAME_CHANGE_MS in seam-rpc.ts): wait for the critical status.
      const twice = await until(statuses, (es) =>
        es.some((e) => e.event_type === "device.battery_status_changed" && e.battery_status === "critical"),
      );
      const criticalLevel = host.view("front")!.battery!.percent / 100;
      expect(statusOf(twice)).toEqual([`critical ${criticalLevel}`, `low ${lowLevel}`]);
      expect(await seam.events.get({ event_id: twice[0]!.event_id })).toEqual(twice[0]);
      expect(await lows()).toEqual([low]);
      expect((await seam.devices.get({ device_id: "front" })).properties.battery?.status).toBe("critical");
      valueOrThrow(host.act("front", (l) => l.fix({ fix: "replace-batteries" })));
      const fresh = await until(
        () => seam.devices.get({ device_id: "front" }),
        (d) => d.properties.battery?.status === "full",
      );
      expect(fresh.properties.battery_level).toBe(1);
      // Fresh cells: the status is full again, and the history says when.
      const back = await until(statuses, (es) => es.length === 3);
      expect(statusOf(back)[0]).toBe("full 1");
      expect(await seam.events.get({ event_id: back[0]!.event_id })).toEqual(back[0]);
      expect(await lows()).toHaveLength(1);
      // B-PWR-4: cells that give no power (dead, or put in backwards) are Seam's critical, never
      // "good" at level 0 — the lock does nothing at all.
      for (const fault of ["battery-dead", "battery-reversed"] as const) {
        valueOrThrow(host.act("front", (l) => l.fault({ fault })));
        expect((await seam.devices.get({ device_id: "front" })).properties.battery?.status).toBe("critical");
        // The owner's alert says what is wrong, not "critical (75 %)" for fresh cells put in backwards.
        const alert = async () =>
          valueOrThrow(await hub.listAlerts(owner)).find((a) => a.kind === "battery.critical")?.message;
        expect(await until(alert, (m) => m?.includes("no power") === true)).toMatch(
          /give it no power .*backwards/,
        );
        valueOrThrow(host.act("front", (l) => l.fix({ fix: "replace-batteries" })));
      }
    }, 60_000);

    it("B-NET-2: what an SDK reads at start — the workspace (this hub), devices by Seam's type and manufacturer — and what the hub has no honest meaning for is endpoint_not_found", async () => {
      const { seam, as } = await seamSdkHub(backend, cleanups);
      const workspace = await seam.workspaces.get();
      expect(workspace).toMatchObject({
        workspace_id: "latchkey_hub",
        is_sandbox: false,
        is_suspended: false,
      });
      expect((await (await as("guest")).workspaces.get()).workspace_id).toBe("latchkey_hub");

      // Seam's enums do not name latchkey's type or manufacturer; the hub's locks are only those.
      const ours = { device_type: "latchkey_lock" } as unknown as { device_type: "august_lock" };
      expect((await seam.devices.list(ours)).map((d) => d.device_id).sort()).toEqual(["back", "front"]);
      expect(
        (
          await seam.devices.list({
            device_types: ["latchkey_lock", "schlage_lock"] as unknown as ["schlage_lock"],
          })
        ).length,
      ).toBe(2);
      expect(
        (await seam.devices.list({ manufacturer: "latchkey" as "august", device_ids: ["front"] })).map(
          (d) => d.device_id,
        ),
      ).toEqual(["front"]);
      expect(await seam.devices.list({ device_type: "august_lock" })).toEqual([]);
      expect(await seam.devices.list({ manufacturer: "schlage" })).toEqual([]);
      expect(await refusal(seam.devices.list({ device_type: "August Lock" as "august_lock" }))).toBe(
        "invalid_input",
      );

      // No connected accounts or device providers: the locks are the hub's own (docs/hub.md).
      expect(await refusal(seam.connectedAccounts.list())).toBe("endpoint_not_found");
      expect(await refusal(seam.devices.listDeviceProviders())).toBe("endpoint_not_found");
    }, 60_000);
  });
}
