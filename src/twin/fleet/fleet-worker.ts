/**
 * A worker thread of `runFleet` (run-fleet.ts): asks for a chunk of lock numbers, runs those
 * locks into its own tally, says so after each lock (progress), asks for the next; when told
 * there are no more, sends its tally and ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { FleetOptions } from "./fleet-options.ts";
import { FleetTally } from "./fleet-tally.ts";
import type { FromWorker, ToWorker } from "./run-fleet.ts";
import { fleetConditions, simulateLocks } from "./simulate-fleet.ts";

const port = parentPort;
if (!port) throw new Error("fleet-worker.ts runs as a worker thread (run-fleet.ts starts it)");
const { options } = workerData as { options: FleetOptions };
const conditions = fleetConditions(options);
const tally = new FleetTally();
const send = (m: FromWorker): void => port.postMessage(m);
const LOCK: FromWorker = { type: "lock" };

port.on("message", (m: ToWorker) => {
  if (m.type === "done") {
    send({ type: "tally", tally: tally.toJSON() });
    port.close();
    return;
  }
  simulateLocks(conditions, options.days, m.start, m.end, tally, () => send(LOCK));
  send({ type: "next" });
});
send({ type: "next" });
