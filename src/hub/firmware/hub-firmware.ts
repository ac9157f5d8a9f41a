/**
 * The hub's firmware side as people and integrators use it (issue 14): the releases it can
 * send, each lock's version and "update available", one lock's update, and staged rollouts
 * with their reports. Every call is checked against the caller's role with the hub's one
 * `authorize` (rollouts and publishing builds are the owner's); every refusal is a value with a
 * stable code that changes nothing.
 */
import { createHash, randomUUID } from "node:crypto";
import { getProfile } from "../../core/profiles/index.ts";
import { BOARD_REVISIONS } from "../../core/update/firmware-image.ts";
import type { BoardRevision } from "../../core/update/firmware-image.ts";
import { compareVersions, isVersion } from "../../core/update/firmware-versions.ts";
import type { HubLockSource } from "../host-port.ts";
import type { HubLock, Outcome, Person } from "../model.ts";
import { authorize, visibleSites } from "../permissions.ts";
import type { HubAction } from "../permissions.ts";
import type { HubRepository } from "../storage/hub-repository.ts";
import type { SyncChange } from "../sync/lock-sync.ts";
import type { FirmwareUpdateRow, RolloutRow, StoredRelease } from "./firmware-store.ts";
import { FINAL_STATUSES, FirmwareStore } from "./firmware-store.ts";
import { LockUpdater, batteryRefusal, recoverUpdate } from "./lock-updater.ts";
import type { UpdaterContext } from "./lock-updater.ts";
import { LockVersions } from "./lock-versions.ts";
import type { CatalogRelease } from "./release-catalog.ts";
import { catalogOf, imageOf, latestFor, updatableProfiles } from "./release-catalog.ts";
import type { StageTally } from "./rollout-plan.ts";
import {
  DEFAULT_STAGES_PERCENT,
  DEFAULT_THRESHOLD,
  failureRate,
  stageSizes,
  stagesProblem,
} from "./rollout-plan.ts";
import { RolloutRunner } from "./rollout-runner.ts";
import type { HubSigningKey } from "./signing-key.ts";
import { publicKeyHex } from "./signing-key.ts";

export interface FirmwareOptions {
  readonly repo: HubRepository;
  readonly source: HubLockSource;
  /** The hub's signing key (data folder); null: the hub sends no firmware (refused with a reason). */
  readonly key: HubSigningKey | null;
  /** Published builds kept at most (DEFAULT_HUB_LIMITS.firmwareReleases); one more is refused. */
  readonly maxReleases: number;
  readonly now: () => number;
  readonly owner: string;
  readonly emit: (change: SyncChange) => void;
  readonly leaseMs?: number;
}

export interface NewRelease {
  readonly profileId: string;
  readonly version: string;
  readonly changes: readonly string[];
  readonly boards?: readonly BoardRevision[];
  readonly programBytes?: number;
}

export interface NewRollout {
  readonly profileId: string;
  readonly version: string;
  /** Only these locks (else every lock of the model the caller sees). */
  readonly lockIds?: readonly string[];
  readonly siteId?: string;
  /** A stage above this failure rate halts the rollout: 0–1, default 0.02. */
  readonly failureThreshold?: number;
  readonly stagesPercent?: readonly number[];
  /** Locks updated at once (1–64, default 16). */
  readonly concurrency?: number;
  readonly allowDowngrade?: boolean;
}

export interface StageReport extends StageTally {
  readonly stage: number;
  readonly percent: number;
  readonly pending: number;
  readonly failureRate: number;
}

export interface RolloutReport {
  readonly rollout: RolloutRow;
  readonly targets: number;
  readonly stages: readonly StageReport[];
  readonly updated: readonly string[];
  readonly rolledBack: readonly { lockId: string; reason: string | null }[];
  readonly failed: readonly { lockId: string; code: string | null; reason: string | null }[];
  /** Never tried: the rollout halted first, the lock was out of reach or already on the version, or its turn has not come. */
  readonly neverTried: readonly {
    lockId: string;
    status: string;
    code: string | null;
    reason: string | null;
  }[];
}

export interface LockFirmwareSummary {
  readonly version: string | null;
  /** The newest release for its model when it runs older, else null. */
  readonly updateAvailable: string | null;
}

export const MIN_PROGRAM_BYTES = 256;
export const MAX_PROGRAM_BYTES = 96 * 1024;
export const MAX_CONCURRENCY = 64;
const DEFAULT_CONCURRENCY = 16;

/** Who calls (the hub's Actor, said here so this file does not import hub.ts). */
type Actor = Pick<Person, "id" | "role" | "siteIds">;

const refuse = <T>(code: string, reason: string): Outcome<T> => ({ ok: false, code, reason });
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export class HubFirmware {
  readonly store: FirmwareStore;
  readonly versions: LockVersions;
  readonly updater: LockUpdater;
  private readonly updaterContext: UpdaterContext;
  readonly runner: RolloutRunner;
  private published: StoredRelease[] | null = null;
  /** One-lock updates running in this process. */
  private readonly singles = new Set<Promise<unknown>>();

  constructor(private readonly o: FirmwareOptions) {
    this.store = new FirmwareStore(o.repo.db);
    this.versions = new LockVersions({
      repo: o.repo,
      store: this.store,
      source: o.source,
      now: o.now,
      catalog: () => this.catalog(),
      emit: o.emit,
    });
    this.updaterContext = {
      store: this.store,
      source: o.source,
      versions: this.versions,
      // Without a key nothing reaches the updater (every entry point refuses first).
      key: o.key ?? { secretKey: new Uint8Array(32), publicKey: new Uint8Array(32) },
      now: o.now,
      release: (p, v) => this.release(p, v),
    };
    this.updater = new LockUpdater(this.updaterContext);
    this.runner = new RolloutRunner({
      repo: o.repo,
      store: this.store,
      source: o.source,
      updater: this.updater,
      now: o.now,
      owner: o.owner,
      leaseMs: o.leaseMs ?? 60_000,
    });
  }

  private check(actor: Actor, action: HubAction, siteId?: string): Outcome<void> {
    const d = authorize(actor, action, siteId === undefined ? {} : { siteId });
    return d.ok ? ok(undefined) : refuse("auth.forbidden", d.reason);
  }

  private noKey<T>(): Outcome<T> {
    return refuse(
      "firmware.no-key",
      "this hub has no firmware signing key (it is made in the data folder at the first start)",
    );
  }

  // ---- releases ---------------------------------------------------------------------------

  async catalog(): Promise<CatalogRelease[]> {
    this.published ??= await this.store.listReleases();
    return catalogOf(this.published);
  }

  private async release(profileId: string, version: string): Promise<CatalogRelease | undefined> {
    return (await this.catalog()).find((r) => r.profileId === profileId && r.version === version);
  }

  async listReleases(
    actor: Actor,
  ): Promise<Outcome<{ releases: CatalogRelease[]; publicKey: string | null }>> {
    const allowed = this.check(actor, "lock.read");
    if (!allowed.ok) return allowed;
    return ok({ releases: await this.catalog(), publicKey: this.o.key ? publicKeyHex(this.o.key) : null });
  }

  /** A build the owner publishes: signed by the hub's key, offered to every lock of its model. */
  async publishRelease(actor: Actor, input: NewRelease): Promise<Outcome<CatalogRelease>> {
    const allowed = this.check(actor, "firmware.write");
    if (!allowed.ok) return allowed;
    if (!this.o.key) return this.noKey();
    if (!updatableProfiles().includes(input.profileId))
      return refuse(
        "firmware.profile",
        `${String(input.profileId).slice(0, 40)} is not a model with a radio`,
      );
    if (!isVersion(input.version)) return refuse("request.invalid", "version is MAJOR.MINOR.PATCH");
    const changes = input.changes.map((c) => c.trim()).filter((c) => c.length > 0);
    if (changes.length < 1 || changes.length > 50 || changes.some((c) => c.length > 300))
      return refuse("request.invalid", "changes is a list of 1–50 notes of 1–300 characters");
    const boards = input.boards ? [...new Set(input.boards)] : null;
    if (boards && (boards.length === 0 || !boards.every((b) => BOARD_REVISIONS.includes(b))))
      return refuse("request.invalid", `boards lists board revisions (${BOARD_REVISIONS.join(", ")})`);
    const programBytes = input.programBytes ?? 24 * 1024;
    if (
      !Number.isInteger(programBytes) ||
      programBytes < MIN_PROGRAM_BYTES ||
      programBytes > MAX_PROGRAM_BYTES
    )
      return refuse("request.invalid", `program_bytes is ${MIN_PROGRAM_BYTES}–${MAX_PROGRAM_BYTES}`);
    if (await this.release(input.profileId, input.version))
      return refuse("firmware.release-exists", `${input.profileId} already has ${input.version}`);
    this.published ??= await this.store.listReleases();
    if (this.published.length >= this.o.maxReleases)
      return refuse(
        "firmware_release.too-many",
        `the hub keeps at most ${this.o.maxReleases} published firmware releases`,
      );
    const release: CatalogRelease = {
      profileId: input.profileId,
      version: input.version,
      changes,
      boards,
      programBytes,
      origin: "published",
      publishedAtMs: this.o.now(),
    };
    try {
      imageOf(release, this.o.key); // the manifest must fit the image format before it is kept
    } catch (error) {
      return refuse("request.invalid", (error as Error).message);
    }
    const stored = await this.store.addRelease({
      ...release,
      publishedAtMs: this.o.now(),
      publishedBy: actor.id,
    });
    if (!stored) return refuse("firmware.release-exists", `${input.profileId} already has ${input.version}`);
    this.published = null;
    const catalog = await this.catalog();
    for (const lock of await this.o.repo.listLocks())
      if (this.o.source.view(lock.id)?.profileId === input.profileId)
        await this.versions.checkAlert(lock.id, catalog);
    return ok(release);
  }

  // ---- each lock --------------------------------------------------------------------------

  async lockFirmware(lockId: string, profileId: string | undefined): Promise<LockFirmwareSummary> {
    const known = await this.store.lockFirmware(lockId);
    const version = known?.version ?? null;
    const latest = profileId ? latestFor(await this.catalog(), profileId) : undefined;
    return {
      version,
      updateAvailable:
        version !== null && latest && compareVersions(latest.version, version) > 0 ? latest.version : null,
    };
  }

  /** Updates one lock (to `version`, or the newest release for its model); runs in the background. */
  async updateLock(
    actor: Actor,
    lockId: string,
    input: { version?: string; allowDowngrade?: boolean } = {},
  ): Promise<Outcome<FirmwareUpdateRow>> {
    const lock = await this.o.repo.getLockRecord(lockId);
    if (!lock) return refuse("lock.not-found", "no such lock");
    const allowed = this.check(actor, "lock.write", lock.siteId);
    if (!allowed.ok) return allowed;
    if (lock.unmanagedAtMs != null)
      return refuse(
        "lock.unmanaged",
        "the lock was taken off the hub's care; bring it back first (nothing was sent)",
      );
    if (!this.o.key) return this.noKey();
    const view = this.o.source.view(lockId);
    if (!view) return refuse("lock.offline", "the host does not reach this lock now; nothing was sent");
    if (getProfile(view.profileId)?.radio == null)
      return refuse(
        "lock.no-radio",
        `a ${view.model} has no radio: its firmware cannot be updated over the air (support installs it in person)`,
      );
    const link = this.o.source.link(lockId);
    const status = link?.status();
    if (!link || !status?.online)
      return refuse(
        "lock.offline",
        "the lock is out of reach (no power, or its radio is down); nothing was sent",
      );
    if (!status.paired) return refuse("lock.unpaired", "the lock is not paired with the hub: pair it first");
    const weak = batteryRefusal(view.battery);
    if (weak) return refuse("lock.battery-low", `${lock.name}: ${weak}; nothing was sent`);
    const catalog = await this.catalog();
    const release =
      input.version === undefined
        ? latestFor(catalog, view.profileId)
        : catalog.find((r) => r.profileId === view.profileId && r.version === input.version);
    if (!release)
      return refuse(
        "firmware.release-not-found",
        `no release ${input.version ?? ""} for ${view.profileId}`.replace("  ", " "),
      );
    const known = (await this.store.lockFirmware(lockId))?.version ?? null;
    if (known !== null) {
      const order = compareVersions(known, release.version);
      if (order === 0) return refuse("firmware.up-to-date", `${lock.name} already runs ${known}`);
      if (order > 0 && !input.allowDowngrade)
        return refuse(
          "firmware.downgrade",
          `${lock.name} runs ${known}, newer than ${release.version}: allow a downgrade to install it`,
        );
    }
    const latest = await this.store.latestUpdate(lockId);
    if (
      this.updater.isBusy(lockId) ||
      (latest && !FINAL_STATUSES.has(latest.status) && latest.rolloutId === null)
    )
      return refuse("firmware.update-in-progress", `${lock.name} is already being updated`);
    const row: FirmwareUpdateRow = {
      id: randomUUID(),
      lockId,
      profileId: view.profileId,
      version: release.version,
      allowDowngrade: input.allowDowngrade === true,
      rolloutId: null,
      stage: null,
      position: null,
      status: "pending",
      code: null,
      reason: null,
      previousVersion: known,
      createdAtMs: this.o.now(),
      startedAtMs: null,
      finishedAtMs: null,
    };
    await this.store.createUpdate(row);
    // History says who asked (the lock restarts into the new image), as it does for a setting.
    await this.o.repo.appendEvent({
      atMs: row.createdAtMs,
      siteId: lock.siteId,
      lockId,
      personId: actor.id,
      accessCodeId: null,
      kind: "firmware.update-requested",
      source: `person:${actor.id}`,
      slot: null,
      detail: `${release.version} (running ${known ?? "unknown"})`,
    });
    this.runSingle(row);
    return ok(row);
  }

  /**
   * Runs one lock's update. A failure is in history too (`firmware.update-failed`, with the code
   * and reason): the lock reports an install or a rollback itself, but a transfer cut short (the
   * pack pulled, the radio out of reach) leaves no report of its own.
   */
  private runSingle(row: FirmwareUpdateRow, recover?: () => Promise<FirmwareUpdateRow>): void {
    const work = (recover ? recover() : Promise.resolve(row))
      .then((current) =>
        current.status === "pending" ? this.updater.run(current, "failed") : current.status,
      )
      .then(async (status) => {
        if (status !== "failed") return;
        const done = await this.store.getUpdate(row.id);
        const lock = await this.o.repo.getLock(row.lockId);
        await this.o.repo.appendEvent({
          atMs: this.o.now(),
          siteId: lock?.siteId ?? null,
          lockId: row.lockId,
          personId: null,
          accessCodeId: null,
          kind: "firmware.update-failed",
          source: "hub",
          slot: null,
          detail: `${row.version}: ${done?.code ?? "firmware.error"}: ${done?.reason ?? ""}`.slice(0, 500),
        });
      })
      .catch(() => undefined);
    this.singles.add(work);
    void work.finally(() => this.singles.delete(work));
  }

  async latestUpdate(actor: Actor, lockId: string): Promise<Outcome<FirmwareUpdateRow>> {
    const lock = await this.o.repo.getLockRecord(lockId); // read: one taken off the hub's care too
    if (!lock) return refuse("lock.not-found", "no such lock");
    const allowed = this.check(actor, "lock.read", lock.siteId);
    if (!allowed.ok) return allowed;
    const row = await this.store.latestUpdate(lockId);
    return row ? ok(row) : refuse("firmware_update.not-found", "this lock has had no update from the hub");
  }

  // ---- rollouts ---------------------------------------------------------------------------

  async startRollout(actor: Actor, input: NewRollout): Promise<Outcome<RolloutReport>> {
    const allowed = this.check(actor, "firmware.write");
    if (!allowed.ok) return allowed;
    if (!this.o.key) return this.noKey();
    const release = await this.release(input.profileId, input.version);
    if (!release)
      return refuse(
        "firmware.release-not-found",
        `no release ${String(input.version).slice(0, 20)} for ${String(input.profileId).slice(0, 40)}`,
      );
    const stagesPercent = input.stagesPercent ?? DEFAULT_STAGES_PERCENT;
    const stagesWrong = stagesProblem(stagesPercent);
    if (stagesWrong) return refuse("request.invalid", stagesWrong);
    const threshold = input.failureThreshold ?? DEFAULT_THRESHOLD;
    if (!(threshold >= 0 && threshold < 1))
      return refuse("request.invalid", "the failure threshold is 0 to under 100 %");
    const concurrency = input.concurrency ?? DEFAULT_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY)
      return refuse("request.invalid", `concurrency is 1–${MAX_CONCURRENCY}`);
    if (input.siteId !== undefined && !(await this.o.repo.getSite(input.siteId)))
      return refuse("site.not-found", "no such site");
    let locks: HubLock[];
    if (input.lockIds) {
      locks = await this.o.repo.getLocks([...new Set(input.lockIds)]);
      if (locks.length !== new Set(input.lockIds).size)
        return refuse("lock.not-found", "some lock ids are not under the hub's care");
    } else locks = await this.o.repo.listLocks(visibleSites(actor));
    if (input.siteId !== undefined) locks = locks.filter((l) => l.siteId === input.siteId);
    // Targets: the model's locks the hub does not already know to run this version (or newer).
    const targets: HubLock[] = [];
    for (const l of locks) {
      if (this.o.source.view(l.id)?.profileId !== input.profileId) continue;
      const known = (await this.store.lockFirmware(l.id))?.version ?? null;
      if (
        known !== null &&
        compareVersions(known, release.version) >= 0 &&
        !(input.allowDowngrade && known !== release.version)
      )
        continue;
      targets.push(l);
    }
    if (targets.length === 0)
      return refuse("firmware_rollout.no-targets", `no ${input.profileId} lock needs ${release.version}`);
    const id = randomUUID();
    const now = this.o.now();
    // A fair sample in each stage, not the first lock ids: the order is a hash of the lock and
    // the rollout's release and start (the same request on the same clock, the same order).
    const salt = `${input.profileId}@${release.version}/${now}`;
    const order = targets
      .map((l) => ({ l, h: createHash("sha256").update(`${salt}/${l.id}`).digest("hex") }))
      .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0))
      .map((x) => x.l);
    const sizes = stageSizes(order.length, stagesPercent);
    const rows: FirmwareUpdateRow[] = [];
    let stage = 0;
    let inStage = 0;
    order.forEach((l, position) => {
      while (inStage >= sizes[stage]!) {
        stage++;
        inStage = 0;
      }
      inStage++;
      rows.push({
        id: randomUUID(),
        lockId: l.id,
        profileId: input.profileId,
        version: release.version,
        allowDowngrade: input.allowDowngrade === true,
        rolloutId: id,
        stage,
        position,
        status: "pending",
        code: null,
        reason: null,
        previousVersion: null,
        createdAtMs: now,
        startedAtMs: null,
        finishedAtMs: null,
      });
    });
    const rollout: RolloutRow = {
      id,
      profileId: input.profileId,
      version: release.version,
      stagesPercent: [...stagesPercent],
      thresholdBp: Math.round(threshold * 10_000),
      concurrency,
      status: "running",
      stage: 0,
      haltedReason: null,
      createdBy: actor.id,
      createdAtMs: now,
      finishedAtMs: null,
      cancelledBy: null,
      cancelledAtMs: null,
    };
    await this.store.createRollout(rollout, rows);
    await this.rolloutInHistory(
      actor,
      now,
      "firmware.rollout-started",
      `rollout ${id}: ${rollout.profileId} ${rollout.version} to ${rows.length} locks, stages ${stagesPercent.join("/")} %`,
    );
    this.runner.start(id);
    return ok(await this.report(rollout));
  }

  async listRollouts(actor: Actor): Promise<Outcome<RolloutRow[]>> {
    const allowed = this.check(actor, "firmware.write");
    if (!allowed.ok) return allowed;
    return ok(await this.store.listRollouts());
  }

  async rolloutReport(actor: Actor, id: string): Promise<Outcome<RolloutReport>> {
    const allowed = this.check(actor, "firmware.write");
    if (!allowed.ok) return allowed;
    const rollout = await this.store.getRollout(id);
    if (!rollout) return refuse("firmware_rollout.not-found", "no such rollout");
    return ok(await this.report(rollout));
  }

  /**
   * Stops a running rollout by hand (owner only): no lock starts after it; an update already
   * sending its image finishes (stopping it mid-transfer would leave nothing safer — the lock
   * keeps its running image either way — and its outcome still belongs in the report). Kept
   * in the database, so every hub sharing it and a restarted hub see it cancelled; written
   * to the history with who and when. A rollout that is not running: 409 `firmware_rollout.not-running`.
   */
  async cancelRollout(actor: Actor, id: string): Promise<Outcome<RolloutReport>> {
    const allowed = this.check(actor, "firmware.write");
    if (!allowed.ok) return allowed;
    const rollout = await this.store.getRollout(id);
    if (!rollout) return refuse("firmware_rollout.not-found", "no such rollout");
    const now = this.o.now();
    const reason = `the rollout was cancelled by ${actor.id} before this lock's turn`.slice(0, 300);
    if (!(await this.store.cancelRollout(id, actor.id, reason, now))) {
      const current = (await this.store.getRollout(id)) ?? rollout;
      return refuse(
        "firmware_rollout.not-running",
        `the rollout is ${current.status}, not running: there is nothing to cancel`,
      );
    }
    await this.rolloutInHistory(
      actor,
      now,
      "firmware.rollout-cancelled",
      `rollout ${id}: ${rollout.profileId} ${rollout.version}, at stage ${rollout.stage + 1} of ${rollout.stagesPercent.length}`,
    );
    return ok(await this.report((await this.store.getRollout(id))!));
  }

  /** A rollout started or cancelled, in the hub's history: whose doing, on no one lock or site. */
  private async rolloutInHistory(
    actor: Actor,
    atMs: number,
    kind: "firmware.rollout-started" | "firmware.rollout-cancelled",
    detail: string,
  ): Promise<void> {
    await this.o.repo.appendEvent({
      atMs,
      siteId: null,
      lockId: null,
      personId: actor.id,
      accessCodeId: null,
      kind,
      source: `person:${actor.id}`,
      slot: null,
      detail,
    });
  }

  private async report(rollout: RolloutRow): Promise<RolloutReport> {
    const rows = await this.store.rolloutUpdates(rollout.id);
    const stages: StageReport[] = rollout.stagesPercent.map((percent, stage) => {
      const mine = rows.filter((r) => r.stage === stage);
      const t: StageTally = {
        size: mine.length,
        updated: mine.filter((r) => r.status === "updated").length,
        failed: mine.filter((r) => r.status === "rolled-back" || r.status === "failed").length,
        skipped: mine.filter((r) => r.status === "skipped").length,
      };
      return {
        stage,
        percent,
        ...t,
        pending: t.size - t.updated - t.failed - t.skipped,
        failureRate: failureRate(t),
      };
    });
    return {
      rollout,
      targets: rows.length,
      stages,
      updated: rows.filter((r) => r.status === "updated").map((r) => r.lockId),
      rolledBack: rows
        .filter((r) => r.status === "rolled-back")
        .map((r) => ({ lockId: r.lockId, reason: r.reason })),
      failed: rows
        .filter((r) => r.status === "failed")
        .map((r) => ({ lockId: r.lockId, code: r.code, reason: r.reason })),
      neverTried: rows
        .filter((r) => r.status === "skipped" || r.status === "pending")
        .map((r) => ({ lockId: r.lockId, status: r.status, code: r.code, reason: r.reason })),
    };
  }

  // ---- running ----------------------------------------------------------------------------

  /**
   * A hub's start: one-lock updates and rollouts left unfinished carry on. An update the hub was
   * sending or verifying is first asked of its lock (recoverUpdate): before 7 December 2026 it was
   * run again from a `pending` copy while its row still said `sending`, so the conditional start
   * failed, nothing was sent, and the row said `sending` for good — every later update of the
   * lock refused `firmware.update-in-progress`.
   */
  async start(): Promise<void> {
    for (const row of await this.store.unfinishedUpdates()) {
      if (row.rolloutId !== null) continue; // the rollout's runner recovers its own
      if (row.status === "pending") this.runSingle(row);
      else this.runSingle(row, () => recoverUpdate(this.updaterContext, row));
    }
    await this.runner.resumeAll();
  }

  /** One round of the hub's loop: asks a few locks whose version it does not know. */
  async tick(limit = 25): Promise<void> {
    await this.versions.discover(limit);
  }

  /** Waits for one-lock updates and rollouts under way (tests). */
  async idle(): Promise<void> {
    while (this.singles.size > 0) await Promise.all([...this.singles]);
    await this.runner.idle();
  }

  async close(): Promise<void> {
    await this.runner.stop();
    while (this.singles.size > 0) await Promise.all([...this.singles]);
  }
}
