/**
 * The process test/host-crash-batched.test.ts kills: a paced host on the given database
 * (real wall timers, so the locks' clock batches of one event-loop turn share one commit,
 * docs/decisions/0022) with LOCKS locks, each taking radio `deleteCode` then `setCode` for
 * ever, all at once. It writes `try <lock> <slot> <code>` to its log before a command and
 * `ack <lock> <slot> <code>` only when the link answered ok. The parent sends SIGKILL at a
 * random moment. The log is a file written synchronously (a line is in the kernel before the
 * next command goes out), not stdout: a pipe the parent reads slowly turns Node's writes
 * asynchronous, and a `try` line lost with the kill would make the parent expect the wrong code.
 *
 * argv: <database file> <log file> <seed>
 */
import { openSync, writeSync } from "node:fs";
import { LockHost, SqliteHostStore } from "../../src/host/index.ts";
import { readyLockSetup } from "../../src/host/index.ts";

const LOCKS = 24;
const [file, logFile, seedText] = process.argv.slice(2);
if (!file || !logFile) throw new Error("usage: batched-crash-child <database> <log> <seed>");
const log = openSync(logFile, "w");
let seed = Number(seedText ?? 1) >>> 0 || 1;
const random = (): number => {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};
const codeFor = (): string => String(1000 + Math.floor(random() * 9000)) + String(Math.floor(random() * 10));

const host = new LockHost({ store: new SqliteHostStore(file) });
host.open();
const ids = Array.from({ length: LOCKS }, (_, i) => `batch-${i}`);
for (const id of ids) {
  if (host.view(id)) continue;
  const made = host.create({
    id,
    setup: readyLockSetup("smartcode-914", Date.now(), { paired: true }),
    // Ten times real time: a command's radio round trip is a few wall milliseconds.
    speed: 10,
  });
  if (!made.ok) throw new Error(made.reason);
}
process.stdout.write("ready\n");
const say = (line: string): void => {
  writeSync(log, `${line}\n`);
};

async function loop(id: string): Promise<void> {
  const link = host.link(id);
  if (!link) throw new Error(`no link for ${id}`);
  const capacity = host.get(id)!.twin.profile.codes.capacity;
  for (;;) {
    const slot = 1 + Math.floor(random() * capacity);
    const code = codeFor();
    say(`try ${id} ${slot} ${code}`);
    const cleared = await link.send({ type: "deleteCode", slot });
    const set = cleared.ok ? await link.send({ type: "setCode", slot, code }) : cleared;
    if (set.ok) say(`ack ${id} ${slot} ${code}`);
  }
}
for (const id of ids) void loop(id);
