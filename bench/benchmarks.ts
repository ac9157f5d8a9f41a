/**
 * Every benchmark `npm run bench` knows, in the order it runs them. To add one, write
 * `bench/<id>.ts` exporting `run(): BenchResult[] | Promise<BenchResult[]>` and add a line
 * here (bench/README.md, "Adding a benchmark").
 */
import type { Benchmark } from "./benchmark.ts";

export const BENCHMARKS: readonly Benchmark[] = [
  {
    id: "core-throughput",
    title: "core events per second, the fleet's own event mix",
    load: async () => (await import("./core-throughput.ts")).run,
  },
  {
    id: "key-to-motor-latency",
    title: "last key of a code to the motor command",
    load: async () => (await import("./key-to-motor-latency.ts")).run,
  },
  {
    id: "core-state-size",
    title: "bytes of core state and of the stored record",
    load: async () => (await import("./core-state-size.ts")).run,
  },
  {
    id: "property-sequences",
    title: "random event sequences checked against the core's invariants",
    load: async () => (await import("./property-sequences.ts")).run,
  },
  {
    id: "fleet-year",
    title: "a fleet of 1,000 locks living a year",
    load: async () => (await import("./fleet-year.ts")).run,
  },
  {
    id: "cli-start",
    title: "latchkey --version and latchkey profiles, start to exit",
    load: async () => (await import("./cli-start.ts")).run,
  },
  {
    id: "fleet-cli",
    title: "latchkey simulate 1,000 × 365 days as a user runs it: two workers, one worker",
    load: async () => (await import("./fleet-cli.ts")).runSmall,
  },
  {
    id: "fleet-large",
    title: "latchkey simulate 10,000 × 365 days, and 100,000 × 30 days in bounded memory",
    load: async () => (await import("./fleet-cli.ts")).runLarge,
    timeoutSeconds: 1_800,
  },
  {
    id: "fleet-memory",
    title: "bytes a fleet lock holds",
    load: async () => (await import("./fleet-memory.ts")).run,
  },
  {
    id: "battery-life",
    title: "battery life at typical use, misaligned, lithium",
    load: async () => (await import("./battery-life.ts")).run,
  },
  {
    id: "code-space",
    title: "time to try every code, per profile, paced and unpaced (B-SEC-6)",
    load: async () => (await import("./code-space-exhaustion.ts")).run,
  },
  {
    id: "keypad-cold",
    title: "keypad response time at −35, −25, −10 and 20 °C (B-PWR-6)",
    load: async () => (await import("./keypad-cold.ts")).run,
  },
  {
    id: "firmware-update-time",
    title: "a firmware update per radio kind (Z-Wave, Bluetooth LE, Wi-Fi): lock time and wall time",
    load: async () => (await import("./firmware-update-time.ts")).run,
  },
  {
    id: "firmware-rollout",
    title:
      "hub: staged firmware rollouts across 10,000 hosted locks (a bad build halting, a good one completing)",
    load: async () => (await import("./firmware-rollout.ts")).run,
    timeoutSeconds: 1_800,
  },
  {
    id: "host-idle-memory",
    title: "memory per idle hosted lock at 10,000 locks (issue 9)",
    load: async () => (await import("./host-idle-memory.ts")).run,
  },
  {
    id: "host-key-to-ws",
    title: "key press to WebSocket update on loopback (issue 9)",
    load: async () => (await import("./host-key-to-ws.ts")).run,
  },
  {
    id: "host-restart",
    title: "restart with 1,000 stored locks (issue 9)",
    load: async () => (await import("./host-restart.ts")).run,
  },
  {
    id: "troubleshooter",
    title: "troubleshooter on the held-out cases, uniform mix, against the guides' sequences",
    load: async () => (await import("./troubleshooter.ts")).run,
    timeoutSeconds: 1_200,
  },
  {
    id: "troubleshooter-mixes",
    title: "troubleshooter on the held-out cases, seed 000's mix and the knowledge base's own",
    load: async () => (await import("./troubleshooter.ts")).runMixes,
    timeoutSeconds: 1_200,
  },
  {
    id: "matter-round-trip",
    title: "Matter: remote unlock round trip vs a bare matter.js DoorLock, commissioning time",
    load: async () => (await import("./matter.ts")).runRoundTrip,
  },
  {
    id: "matter-memory",
    title: "Matter: memory per Matter lock at 50 locks",
    load: async () => (await import("./matter.ts")).runMemory,
  },
  {
    id: "live-flood",
    title: "server memory under a WebSocket client that sends 10,000 sync and never reads",
    load: async () => (await import("./live-flood.ts")).run,
  },
  {
    id: "mqtt-fleet",
    title: "10,000 locks in a second process behind the broker: a shared code, command round trips",
    load: async () => (await import("./mqtt-fleet.ts")).run,
    timeoutSeconds: 1_200,
  },
  {
    id: "hub-history",
    title: "hub: a filtered history query over 10 million events, SQLite and PostgreSQL",
    load: async () => (await import("./hub-history.ts")).run,
    timeoutSeconds: 1_800,
  },
  {
    id: "hub-create-code",
    title: "hub: POST /api/hub/v1/access_codes latency over loopback",
    load: async () => (await import("./hub-create-code.ts")).run,
  },
  {
    id: "hub-sync-fleet",
    title: "hub: one shared code to 10,000 hosted locks, until every lock is set",
    load: async () => (await import("./hub-sync-fleet.ts")).run,
    timeoutSeconds: 1_800,
  },
];
