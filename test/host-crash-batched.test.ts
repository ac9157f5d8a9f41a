/**
 * Decision 0022's crash test: the host batches the saves of one event-loop turn into one
 * commit and answers radio commands only after it. A child process runs a paced host with 24
 * locks, each taking `deleteCode` + `setCode` over and over, all at once (so many locks share
 * each commit), and is killed with SIGKILL at a random moment, 24 times over two chains of
 * restarts. After each kill the store is opened again: every code the link acknowledged is in
 * its slot (B-PWR-8), and no slot holds anything but a code that was sent to it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slotOfCode } from "../src/core/code-book.ts";
import { LockHost, SqliteHostStore } from "../src/host/index.ts";

const CHAINS = 2;
const RUNS_PER_CHAIN = 12;
let dir = "";
let child = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "latchkey-batched-crash-"));
  child = join(
    import.meta.dirname,
    "..",
    "node_modules",
    ".cache",
    `latchkey-batched-crash-${process.pid}.mjs`,
  );
  await build({
    entryPoints: [join(import.meta.dirname, "crash", "batched-crash-child.ts")],
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

/** Per lock and slot: the code acknowledged last (null while a later write was in flight), and every code tried. */
interface Seen {
  readonly last: Map<string, string | null>;
  readonly tried: Map<string, Set<string>>;
}

function runChild(db: string, seed: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const log = `${db}.log`;
    const p = spawn(process.execPath, [child, db, log, String(seed)], {
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
    // "close", not "exit": only then has everything the child wrote to its pipe been read.
    p.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== "SIGKILL") reject(new Error(`child ended by itself (${code}): ${err.slice(0, 2000)}`));
      // Only whole lines were surely written before the kill.
      else resolve(readFileSync(log, "utf8").split("\n").slice(0, -1));
    });
  });
}

function note(seen: Seen, lines: readonly string[]): number {
  let acks = 0;
  for (const line of lines) {
    const [kind, lock, slot, code] = line.split(" ");
    const key = `${lock} ${slot}`;
    if (kind === "try") {
      seen.last.set(key, null);
      const set = seen.tried.get(key) ?? new Set<string>();
      set.add(code ?? "");
      seen.tried.set(key, set);
    } else if (kind === "ack") {
      seen.last.set(key, code ?? "");
      acks++;
    }
  }
  return acks;
}

async function verify(db: string, seen: Seen): Promise<void> {
  const host = new LockHost({ store: new SqliteHostStore(db), pacing: false });
  expect(host.open().skipped).toEqual([]);
  for (const [key, code] of seen.last) {
    if (code === null) continue;
    const [id, slot] = key.split(" ");
    const lock = host.get(id!);
    expect(lock, `lock ${id} is still there`).toBeDefined();
    const p = lock!.twin.persistent();
    expect(p, `${id}'s stored record decodes`).not.toBeNull();
    expect(slotOfCode(lock!.twin.profile, p!, code), `acknowledged code ${code} in ${id} slot ${slot}`).toBe(
      Number(slot),
    );
  }
  for (const lock of host.all()) {
    lock.twin.persistent()?.codes.forEach((stored, i) => {
      if (stored === null) return;
      const tried = [...(seen.tried.get(`${lock.id} ${i + 1}`) ?? [])];
      const holds = tried.some(
        (code) => slotOfCode(lock.twin.profile, lock.twin.persistent()!, code) === i + 1,
      );
      expect(holds, `${lock.id} slot ${i + 1} holds a code that was sent to it`).toBe(true);
    });
  }
  await host.close();
}

describe("kill -9 with batched saves (decision 0022, B-PWR-8)", () => {
  it(`B-PWR-8: ${CHAINS * RUNS_PER_CHAIN} kills of a host answering 24 locks' radio setCodes at once lose no acknowledged code`, async () => {
    let acks = 0;
    const chain = async (c: number): Promise<void> => {
      const db = join(dir, `chain-${c}.sqlite`);
      const seen: Seen = { last: new Map(), tried: new Map() };
      for (let run = 0; run < RUNS_PER_CHAIN; run++) {
        const seed = c * 1000 + run + 1;
        const killAfter = 150 + ((seed * 7919) % 600);
        acks += note(seen, await runChild(db, seed, killAfter));
        await verify(db, seen);
      }
    };
    await Promise.all([chain(0), chain(1)]);
    // Only meaningful if the children acknowledged many commands before they died.
    expect(acks).toBeGreaterThan(CHAINS * RUNS_PER_CHAIN * 10);
  }, 300_000);
});
