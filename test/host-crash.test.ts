/**
 * Issue 9's crash test: a child process runs a host on a SQLite file and programs codes —
 * at the keypad key by key, and over the radio — and is killed with SIGKILL at a random
 * moment, 200 times over four chains of restarts. After each kill the store is opened again:
 * every code the host had acknowledged is there (B-PWR-8: stored codes survive power loss),
 * no slot holds anything but a code that was being written to it (never half-written), and
 * the lock's clock and pack resume where the last acknowledgement left them.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slotOfCode } from "../src/core/code-book.ts";
import { LockHost, SqliteHostStore } from "../src/host/index.ts";

const CHAINS = 4;
const RUNS_PER_CHAIN = 50;
let dir = "";
let child = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "latchkey-crash-"));
  // Inside the checkout, so the bundle finds better-sqlite3 in node_modules.
  child = join(import.meta.dirname, "..", "node_modules", ".cache", `latchkey-crash-${process.pid}.mjs`);
  // Bundled once, so each of the 200 children starts in a tenth of a second, not under tsx.
  await build({
    entryPoints: [join(import.meta.dirname, "crash", "crash-child.ts")],
    outfile: child,
    bundle: true,
    platform: "node",
    format: "esm",
    external: ["better-sqlite3"],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: "error",
  });
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (child) rmSync(child, { force: true });
});

interface Seen {
  /** Per slot: the code acknowledged last, or null while a write to the slot was in flight after it. */
  readonly last: Map<number, string | null>;
  /** Per slot: every code ever tried there (what a slot may legitimately hold). */
  readonly tried: Map<number, Set<string>>;
  lastAckClock: number;
}

function runChild(db: string, seed: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, db, String(seed)], {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: join(import.meta.dirname, ".."),
    });
    let out = "";
    let err = "";
    let timer: ReturnType<typeof setTimeout> | null = null;
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (!timer && out.includes("ready\n")) timer = setTimeout(() => p.kill("SIGKILL"), killAfterMs);
    });
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    // "close", not "exit": only then has everything the child wrote to its pipe been read (a
    // "try" line missed would make the test expect a code the child was already replacing).
    p.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`child ended by itself (${code}): ${err.slice(0, 2000)}`));
      // Only whole lines were surely written before the kill.
      else resolve(out.split("\n").slice(0, -1));
    });
  });
}

function note(seen: Seen, lines: readonly string[]): void {
  for (const line of lines) {
    const [kind, a, b, c] = line.split(" ");
    if (kind === "try") {
      const slot = Number(b);
      seen.last.set(slot, null);
      const set = seen.tried.get(slot) ?? new Set<string>();
      set.add(c ?? "");
      seen.tried.set(slot, set);
    } else if (kind === "ack") {
      seen.last.set(Number(a), b ?? "");
      seen.lastAckClock = Math.max(seen.lastAckClock, Number(c));
    }
  }
}

async function verify(db: string, seen: Seen): Promise<{ codes: number }> {
  const host = new LockHost({ store: new SqliteHostStore(db), pacing: false });
  expect(host.open().skipped).toEqual([]);
  const lock = host.get("crash");
  expect(lock, "the lock is still there").toBeDefined();
  const twin = lock!.twin;
  const p = twin.persistent();
  expect(p, "the stored record decodes").not.toBeNull();
  let codes = 0;
  for (const [slot, code] of seen.last) {
    if (code === null) continue;
    expect(slotOfCode(twin.profile, p!, code), `acknowledged code ${code} in slot ${slot}`).toBe(slot);
  }
  p!.codes.forEach((stored, i) => {
    if (stored === null) return;
    codes++;
    const tried = [...(seen.tried.get(i + 1) ?? [])];
    const holds = tried.some((code) => slotOfCode(twin.profile, p!, code) === i + 1);
    expect(holds, `slot ${i + 1} holds a code that was written to it`).toBe(true);
  });
  // Lock time since the last save of a stored record may be lost: at most the last second.
  expect(twin.clock.nowMs).toBeGreaterThanOrEqual(seen.lastAckClock - 1_000);
  const charge = twin.cells?.[0]?.charge ?? 0;
  expect(charge).toBeGreaterThan(0.9);
  expect(charge).toBeLessThanOrEqual(1);
  await host.close();
  return { codes };
}

describe("kill -9 at any moment (issue 9, B-PWR-8)", () => {
  it(`B-PWR-8: ${CHAINS * RUNS_PER_CHAIN} kills during keypad programming and radio setCode lose no acknowledged code and half-write none`, async () => {
    let acks = 0;
    let maxCodes = 0;
    const chain = async (c: number): Promise<void> => {
      const db = join(dir, `chain-${c}.sqlite`);
      const seen: Seen = { last: new Map(), tried: new Map(), lastAckClock: 0 };
      for (let run = 0; run < RUNS_PER_CHAIN; run++) {
        const seed = c * 1000 + run + 1;
        const killAfter = 10 + ((seed * 7919) % 240);
        const lines = await runChild(db, seed, killAfter);
        acks += lines.filter((l) => l.startsWith("ack")).length;
        note(seen, lines);
        maxCodes = Math.max(maxCodes, (await verify(db, seen)).codes);
      }
    };
    // Two chains at a time: the machine has two cores.
    await Promise.all([chain(0), chain(1)]);
    await Promise.all([chain(2), chain(3)]);
    // The test only means something if the children got work done before they died.
    expect(acks).toBeGreaterThan(CHAINS * RUNS_PER_CHAIN);
    expect(maxCodes).toBeGreaterThan(3);
  }, 600_000);
});
