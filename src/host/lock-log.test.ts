/**
 * The lock's event log over its radio link (`readLog`, core/event-log.ts, lock-log.ts): the
 * history numbered as the lock recorded it, read after a number in bounded pages — from memory
 * and, further back, from the host's store, across a restart — and only while the lock is in
 * reach and paired, as every command (B-NET-5, B-NET-3, B-SEC-5); a paused lock (clock at speed
 * 0) answers it as it answers its other commands that need no lock time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LogPage } from "../core/event-log.ts";
import { MAX_LOG_PAGE, logPage, readLogProblem } from "../core/event-log.ts";
import { enterCode } from "../twin/person-actions.ts";
import { LockHost } from "./lock-host.ts";
import { SqliteHostStore } from "./storage/sqlite-host-store.ts";
import { readyLockSetup } from "./ready-lock-setup.ts";
import { valueOrThrow } from "./outcome.ts";

const SETUP = readyLockSetup("smartcode-914", Date.parse("2026-03-02T08:00:00Z"), {
  door: "open",
  codes: [{ slot: 1, code: "1357" }],
  paired: true,
});

const folders: string[] = [];
afterEach(() => {
  for (const d of folders.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Unlock with the code and lock with the thumbturn, `times` times: two log records each. */
function useLock(host: LockHost, times: number): void {
  for (let i = 0; i < times; i++) {
    valueOrThrow(host.act("front", (l) => l.handsOn((twin) => enterCode(twin, "1357"))));
    host.advanceAll(5_000);
    valueOrThrow(host.act("front", (l) => l.turn({ direction: "lock", by: "thumbturn" })));
    host.advanceAll(5_000);
  }
}

async function readLog(host: LockHost, afterSeq?: number, limit?: number) {
  return host.link("front")!.send({
    type: "readLog",
    ...(afterSeq === undefined ? {} : { afterSeq }),
    ...(limit === undefined ? {} : { limit }),
  });
}

describe("the lock's event log (readLog)", () => {
  it("bounds its fields: a record number 0 or more, a page of 0 to MAX_LOG_PAGE", () => {
    expect(readLogProblem({})).toBeNull();
    expect(readLogProblem({ afterSeq: 0, limit: MAX_LOG_PAGE })).toBeNull();
    for (const bad of [
      { afterSeq: -1 },
      { afterSeq: 1.5 },
      { limit: MAX_LOG_PAGE + 1 },
      { limit: -1 },
      { afterSeq: "3" },
    ])
      expect(readLogProblem(bad)).not.toBeNull();
    const held = [3, 1, 2].map((seq) => ({
      seq,
      atMs: seq,
      kind: "lock" as const,
      source: "keypad" as const,
    }));
    expect(logPage(held, 1, 1, 3, 10)).toEqual({
      records: [{ seq: 2, atMs: 2, kind: "lock", source: "keypad" }],
      lastSeq: 3,
      oldestSeq: 1,
      nowMs: 10,
    });
  });

  it("B-SEC-5, B-NET-5: a keypad unlock made while the radio is down is in the log, numbered, with its source and slot; read when the link is back", async () => {
    const host = new LockHost({ pacing: false, ackTimeoutMs: 5 });
    host.open();
    valueOrThrow(host.create({ id: "front", setup: SETUP }));
    const head = (await readLog(host, undefined, 0)) as { ok: true; data: LogPage };
    expect(head.ok).toBe(true);
    expect(head.data.records).toEqual([]);
    const start = head.data.lastSeq;
    valueOrThrow(host.act("front", (l) => l.fault({ fault: "radio-offline" })));
    useLock(host, 1);
    expect(await readLog(host, start)).toMatchObject({ ok: false, code: "lock.offline" });
    valueOrThrow(host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
    const page = (await readLog(host, start)) as { ok: true; data: LogPage };
    expect(page.ok).toBe(true);
    const unlock = page.data.records.find((r) => r.kind === "unlock");
    expect(unlock).toMatchObject({ source: "keypad", slot: 1 });
    expect(page.data.records.map((r) => r.seq)).toEqual(
      Array.from({ length: page.data.records.length }, (_, i) => start + 1 + i),
    );
    expect(page.data.lastSeq).toBe(page.data.records.at(-1)!.seq);
    expect(page.data.nowMs).toBe(host.get("front")!.twin.clock.nowMs);
    await host.close();
  });

  it("B-NET-3: an unpaired lock answers nothing of its log; a bad page is command.invalid", async () => {
    const host = new LockHost({ pacing: false, ackTimeoutMs: 5 });
    host.open();
    valueOrThrow(host.create({ id: "front", setup: { ...SETUP, paired: false } }));
    expect(await readLog(host)).toMatchObject({ ok: false, code: "lock.unpaired" });
    valueOrThrow(host.create({ id: "back", setup: SETUP }));
    expect(await host.link("back")!.send({ type: "readLog", limit: 51 })).toMatchObject({
      ok: false,
      code: "command.invalid",
    });
    await host.close();
  });

  it("pages through more records than the lock keeps in memory, from the host's store, across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "latchkey-log-"));
    folders.push(dir);
    const file = join(dir, "locks.sqlite");
    const host = new LockHost({ pacing: false, store: new SqliteHostStore(file) });
    host.open();
    valueOrThrow(host.create({ id: "front", setup: SETUP }));
    useLock(host, 160); // 320 records: more than the newest 200 kept in memory
    host.flush();
    const last = host.get("front")!.historyCount;
    await host.close();
    const again = new LockHost({ pacing: false, store: new SqliteHostStore(file) });
    again.open();
    const seqs: number[] = [];
    let after = 0;
    for (let i = 0; i < 20; i++) {
      const r = (await again.link("front")!.send({ type: "readLog", afterSeq: after })) as {
        ok: true;
        data: LogPage;
      };
      expect(r.ok).toBe(true);
      expect(r.data.records.length).toBeLessThanOrEqual(MAX_LOG_PAGE);
      if (r.data.records.length === 0) break;
      seqs.push(...r.data.records.map((x) => x.seq));
      after = r.data.records.at(-1)!.seq;
    }
    expect(seqs).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    await again.close();
  });

  it("B-NET-5: a paused lock's log answers as its other instant commands do, and nothing while its link is down", async () => {
    // Paced (the server's host) at speed 0: the lock's clock stands still, its radio does not.
    const host = new LockHost({ ackTimeoutMs: 5 });
    host.open();
    valueOrThrow(host.create({ id: "front", setup: SETUP, speed: 0 }));
    const link = host.link("front")!;
    const instant = async () => ({
      log: await readLog(host, undefined, 0),
      setCode: await link.send({ type: "setCode", slot: 2, code: "2468" }, { timeoutMs: 50 }),
      checksum: await link.send({ type: "readChecksum" }, { timeoutMs: 50 }),
    });
    // Link up: answered in the same instant, no lock time needed, as setCode and readChecksum are.
    const up = await instant();
    expect(up.setCode).toEqual({ ok: true });
    expect(up.checksum.ok).toBe(true);
    expect(up.log).toMatchObject({
      ok: true,
      data: { records: [], nowMs: host.get("front")!.twin.clock.nowMs },
    });
    // A motor run needs lock time: a paused lock does not finish it (a timeout, not a refusal).
    expect(await link.send({ type: "lock" }, { timeoutMs: 50 })).toMatchObject({
      ok: false,
      code: "lock.timeout",
    });
    // Link down (the radio out of reach, then no power): readLog answers what every command does.
    valueOrThrow(host.act("front", (l) => l.fault({ fault: "radio-offline" })));
    const down = await instant();
    for (const answer of Object.values(down))
      expect(answer).toMatchObject({ ok: false, code: "lock.offline" });
    valueOrThrow(host.act("front", (l) => l.fix({ fix: "restore-connectivity" })));
    valueOrThrow(host.act("front", (l) => l.pack({ action: "remove" })));
    const dark = await instant();
    for (const answer of Object.values(dark))
      expect(answer).toMatchObject({ ok: false, code: "lock.offline" });
    await host.close();
  });
});
