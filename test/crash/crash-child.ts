/**
 * The process the crash test kills (test/host-crash.test.ts): it opens a host on the given
 * database and programs codes for ever — one at the keypad, key by key, each key its own
 * request as the web page sends them, then one over the radio — printing `ack` only after the
 * host returned (so after its save). The parent sends SIGKILL at a random moment.
 *
 * argv: <database file> <seed>
 */
import { LockHost, SqliteHostStore } from "../../src/host/index.ts";
import { slotOfCode } from "../../src/core/code-book.ts";
import { procedureKeys } from "../../src/twin/person-actions.ts";

const [file, seedText] = process.argv.slice(2);
if (!file) throw new Error("usage: crash-child <database> <seed>");
let seed = Number(seedText ?? 1) >>> 0 || 1;
const random = (): number => {
  seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0;
  return seed / 2 ** 32;
};
const codeFor = (): string => String(1000 + Math.floor(random() * 9000)) + String(Math.floor(random() * 10));

const host = new LockHost({ store: new SqliteHostStore(file), pacing: false });
host.open();
if (!host.get("crash")) {
  const made = host.create({
    id: "crash",
    setup: {
      profile: "smartcode-914",
      state: "ready",
      door: "open",
      batteries: "fresh",
      codes: [],
      faults: [],
      temperatureC: 20,
      settings: {},
      timeMs: Date.parse("2026-03-02T08:00:00Z"),
    },
  });
  if (!made.ok) throw new Error(made.reason);
  const paired = host.act("crash", (l) => l.fix({ fix: "repair-hub" }));
  if (!paired.ok) throw new Error(paired.reason);
}
const link = host.link("crash");
if (!link) throw new Error("no link");
process.stdout.write("ready\n");

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function loop(): Promise<void> {
  for (let round = 0; ; round++) {
    const lock = host.get("crash");
    if (!lock) throw new Error("lock gone");
    const capacity = lock.twin.profile.codes.capacity;
    // At the keypad: Program, the slot, the code … each key one request.
    const slot = 1 + Math.floor(random() * capacity);
    const code = codeFor();
    const plan = procedureKeys(lock.twin, "add-code", { slot, code, programmingCode: "0000" });
    if (plan && plan.holdProgramMs === undefined) {
      say(`try keypad ${slot} ${code}`);
      for (const key of plan.keys) {
        const r = host.act("crash", (l) => l.key({ key, action: "tap" }));
        if (!r.ok) throw new Error(r.reason);
      }
      host.act("crash", (l) => l.advance(1_000));
      const p = host.get("crash")?.twin.persistent();
      if (p && slotOfCode(lock.twin.profile, p, code) === slot)
        say(`ack ${slot} ${code} ${lock.twin.clock.nowMs}`);
    }
    // Over the radio: setCode answered by the lock.
    const rslot = 1 + Math.floor(random() * capacity);
    const rcode = codeFor();
    say(`try radio ${rslot} ${rcode}`);
    const answer = await link!.send({ type: "deleteCode", slot: rslot });
    const set = answer.ok ? await link!.send({ type: "setCode", slot: rslot, code: rcode }) : answer;
    if (set.ok) say(`ack ${rslot} ${rcode} ${host.get("crash")?.twin.clock.nowMs}`);
    if (round % 5 === 4) host.flush();
  }
}
void loop();
