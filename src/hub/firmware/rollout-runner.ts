/**
 * Runs staged rollouts (issue 14): stage by stage, a bounded number of locks at a time, each
 * through LockUpdater; after every lock the stage's tally is put to `stageVerdict`, and a stage
 * whose failure rate passes the threshold halts the rollout — by itself, for good: the locks
 * not yet tried are marked never tried, and an alert says why. Everything is in the database as
 * it happens, so a hub that restarts resumes a running rollout where it was (an update that was
 * in flight is asked how it ended, or tried again) and a finished one reports the same.
 * Several hubs on one PostgreSQL: a rollout is leased, so one hub runs it. A rollout cancelled
 * by hand (in the database, by any hub) loses its lease: the workers start no other lock, and
 * each update already sending finishes.
 */
import type { HubLockSource } from "../host-port.ts";
import type { HubRepository } from "../storage/hub-repository.ts";
import type { FirmwareStore, FirmwareUpdateRow, RolloutRow } from "./firmware-store.ts";
import type { LockUpdater } from "./lock-updater.ts";
import { recoverUpdate } from "./lock-updater.ts";
import type { StageTally } from "./rollout-plan.ts";
import { haltReason, stageVerdict } from "./rollout-plan.ts";

export interface RunnerContext {
  readonly repo: HubRepository;
  readonly store: FirmwareStore;
  readonly source: HubLockSource;
  readonly updater: LockUpdater;
  readonly now: () => number;
  /** This hub's name in rollout leases. */
  readonly owner: string;
  readonly leaseMs: number;
}

export const HALTED_ALERT = "firmware.rollout-halted";

function tallyOf(rows: readonly FirmwareUpdateRow[]): StageTally {
  let updated = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of rows) {
    if (r.status === "updated") updated++;
    else if (r.status === "rolled-back" || r.status === "failed") failed++;
    else if (r.status === "skipped") skipped++;
  }
  return { size: rows.length, updated, failed, skipped };
}

export class RolloutRunner {
  private readonly running = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(private readonly ctx: RunnerContext) {}

  /** Runs the rollout in the background unless this hub runs it already. */
  start(id: string): void {
    if (this.stopping || this.running.has(id)) return;
    const work = this.run(id)
      .catch(() => {})
      .finally(() => this.running.delete(id));
    this.running.set(id, work);
  }

  /** Picks up every rollout left running (a hub's start). */
  async resumeAll(): Promise<void> {
    for (const id of await this.ctx.store.runningRolloutIds()) this.start(id);
  }

  /** Waits for the rollouts this hub runs (tests, a graceful stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** Stops after the updates in flight; their rollouts stay running in the database, to resume. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private async run(id: string): Promise<void> {
    const { store, now, owner, leaseMs } = this.ctx;
    if (!(await store.leaseRollout(id, owner, now(), now() + leaseMs))) return;
    try {
      const rollout = await store.getRollout(id);
      if (!rollout || rollout.status !== "running") return;
      const rows = await store.rolloutUpdates(id);
      const stages = rollout.stagesPercent.length;
      for (let stage = rollout.stage; stage < stages; stage++) {
        if (stage !== rollout.stage) await store.patchRollout(id, { stage });
        const stageRows = rows.filter((r) => r.stage === stage);
        const result = await this.runStage(rollout, stageRows);
        if (result === "stopped") return;
        if (result.verdict === "halt") {
          const reason = haltReason(stage, rollout.stagesPercent, result.tally, rollout.thresholdBp / 10_000);
          // A cancel by hand that came first is the rollout's end: no halt, no alert.
          if (
            !(await store.settleRollout(id, { status: "halted", haltedReason: reason, finishedAtMs: now() }))
          )
            return;
          await store.skipPending(id, "rollout.halted", "the rollout halted before this lock's turn", now());
          await this.ctx.repo.raiseAlert({
            atMs: now(),
            lockId: null,
            siteId: null,
            kind: `${HALTED_ALERT}:${id}`,
            message: `Firmware ${rollout.version} for ${rollout.profileId} halted: ${reason}`.slice(0, 500),
          });
          return;
        }
      }
      await store.settleRollout(id, {
        status: "completed",
        stage: Math.max(0, stages - 1),
        finishedAtMs: now(),
      });
    } finally {
      // Let another hub (or this one, restarted) take it at once.
      await store.leaseRollout(id, owner, now(), 0).catch(() => false);
    }
  }

  /** One stage, `concurrency` locks at a time; stops early once the verdict is a halt. */
  private async runStage(
    rollout: RolloutRow,
    stageRows: FirmwareUpdateRow[],
  ): Promise<"stopped" | { verdict: "passed" | "halt"; tally: StageTally }> {
    const { store, updater, now, owner, leaseMs } = this.ctx;
    const threshold = rollout.thresholdBp / 10_000;
    // Updates a previous run left in flight: how did they end? (or they go back in the queue)
    for (let i = 0; i < stageRows.length; i++) {
      const r = stageRows[i]!;
      if (r.status === "sending" || r.status === "verifying") stageRows[i] = await this.recover(r);
    }
    const statusOf = new Map(stageRows.map((r) => [r.id, r]));
    const tally = (): StageTally => tallyOf([...statusOf.values()]);
    const queue = stageRows.filter((r) => r.status === "pending");
    let verdict = stageVerdict(tally(), threshold);
    let lost = false;
    const worker = async (): Promise<void> => {
      while (verdict.verdict === "running" && !this.stopping && !lost) {
        const row = queue.shift();
        if (!row) return;
        // A lock taken off the hub's care after the rollout chose its locks is passed over:
        // `getLock` answers managed locks only.
        const status = (await this.ctx.repo.getLock(row.lockId))
          ? await updater.run(row, "skipped")
          : await this.passOver(row);
        statusOf.set(row.id, { ...row, status });
        verdict = stageVerdict(tally(), threshold);
        if (!(await store.leaseRollout(rollout.id, owner, now(), now() + leaseMs))) lost = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, rollout.concurrency) }, worker));
    verdict = stageVerdict(tally(), threshold);
    if (verdict.verdict === "halt") return { verdict: "halt", tally: tally() };
    if (verdict.verdict === "running") return "stopped"; // this hub stopped, or lost its lease
    return { verdict: "passed", tally: tally() };
  }

  /** Marks a lock's update skipped: it was taken off the hub's care (`lock.unmanaged`). */
  private async passOver(row: FirmwareUpdateRow): Promise<FirmwareUpdateRow["status"]> {
    const { store, now } = this.ctx;
    // False when a cancel came first: the row stays never tried, as LockUpdater leaves it.
    await store.finishUpdate(row.id, {
      status: "skipped",
      code: "lock.unmanaged",
      reason: "the lock was taken off the hub's care after the rollout began",
      finishedAtMs: now(),
    });
    return "skipped";
  }

  /** An update the hub was running when it stopped: the lock says how it ended, or it is tried again. */
  private recover(row: FirmwareUpdateRow): Promise<FirmwareUpdateRow> {
    return recoverUpdate(this.ctx, row);
  }
}
