/**
 * The loop around the reconciler: leases due locks from the repository (so several hubs on
 * one PostgreSQL never sync the same lock at once), reads what the lock holds when the hub
 * does not know, plans with `reconcileLock`, persists the plan before sending (a slot is
 * claimed before the command leaves, so a hub killed mid-sync and its successor write the same
 * slot, never a second one), sends in order and records each answer as it comes.
 */
import type { AccessCode, Alert, LockCodeState } from "../model.ts";
import type { HubLockLink, HubLockSource, HubLockView } from "../host-port.ts";
import { forecastStopMs } from "./battery-forecast.ts";
import type { HubRepository } from "../storage/hub-repository.ts";
import { plainReason, siteDay, siteTime, siteZone } from "../alert-words.ts";
import { applyResult, reconcileLock } from "./reconciler.ts";
import type { PlannedCommand } from "./reconciler.ts";
import { getProfile } from "../../core/profiles/index.ts";
import { knownMode, knownSettings, modeOf, settingsThatDiffer } from "./lock-settings.ts";
import { catchUpLog } from "./log-catch-up.ts";

export interface LockSyncOptions {
  readonly repo: HubRepository;
  readonly source: HubLockSource;
  readonly now: () => number;
  /** This hub's name in leases (unique per process). */
  readonly owner: string;
  readonly leaseMs?: number;
  /** How often a lock's code table is checked against its checksum. */
  readonly verifyEveryMs?: number;
  readonly commandTimeoutMs?: number;
  /** A lock away this long raises `lock.offline` (default 10 minutes). */
  readonly offlineAlertMs?: number;
  /** Called when something a person should know happens (alerts, statuses). */
  readonly onChange?: (change: SyncChange) => void;
  /**
   * A lock refused a code's digits (`code.conflict`): for a code the hub generated, draw new
   * digits every lock takes. Answers the code's rows after (all `setting`), or how many draws
   * were already spent when no more are allowed; null when the code is not regenerated.
   */
  readonly regenerate?: (
    accessCodeId: string,
    lockId: string,
    refusedCode: string,
  ) => Promise<{ rows: LockCodeState[] } | { exhausted: number } | null>;
}

export type SyncChange =
  | { type: "lock-code"; state: LockCodeState }
  | { type: "alert"; lockId: string; kind: string; message: string }
  /** An alert closed: the situation ended, or a person acknowledged it (the repository hears every one). */
  | { type: "alert-resolved"; alert: Alert }
  /** A lock came under the hub's care, or its name changed (pages listing locks reload them). */
  | {
      type: "lock";
      lockId: string;
      siteId: string;
      /**
       * `removed`: the host deleted it; `recreated`: a lock is under its id again; `unmanaged`:
       * a person took it off the hub's care; `managed`: brought back under it.
       */
      change: "added" | "renamed" | "removed" | "recreated" | "unmanaged" | "managed";
    };

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_VERIFY_MS = 15 * 60_000;
const OFFLINE_LOOK_MS = 5 * 60_000;
const DEFAULT_OFFLINE_ALERT_MS = 10 * 60_000;

interface SlotInfo {
  slot: number;
  occupied: boolean;
}

function asSlotInfo(data: unknown, slot: number): SlotInfo | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as { occupied?: unknown; slot?: unknown };
  if (typeof d.occupied !== "boolean") return null;
  return { slot: typeof d.slot === "number" ? d.slot : slot, occupied: d.occupied };
}

function asChecksum(data: unknown): string | null {
  if (typeof data === "string") return data;
  if (typeof data === "object" && data !== null && "checksum" in data) {
    const c = (data as { checksum: unknown }).checksum;
    return typeof c === "string" || typeof c === "number" ? String(c) : null;
  }
  return null;
}

export class LockSyncer {
  private readonly leaseMs: number;
  private readonly verifyEveryMs: number;
  /** One piece of work per lock at a time in this process (sync or a report's consequences). */
  private readonly chains = new Map<string, Promise<unknown>>();
  /**
   * Locks whose code table this process has compared with its checksum since it started: the
   * reports a lock sent while no hub listened (this one stopped) are lost, so the first visit of
   * each lock checks before anything is written to a slot.
   */
  private readonly checkedHere = new Set<string>();

  constructor(private readonly o: LockSyncOptions) {
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    this.verifyEveryMs = o.verifyEveryMs ?? DEFAULT_VERIFY_MS;
  }

  /** Runs `fn` after any earlier work on the same lock in this process. */
  serialize<T>(lockId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(lockId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(lockId, settled);
    void settled.then(() => {
      if (this.chains.get(lockId) === settled) this.chains.delete(lockId);
    });
    return next;
  }

  /** Leases and syncs every due lock (at most `limit`, `parallel` at once). Returns the ids synced. */
  async tick(limit = 200, parallel = 8): Promise<string[]> {
    const now = this.o.now();
    const ids = await this.o.repo.claimDueLocks(this.o.owner, now, this.leaseMs, limit);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++] as string;
        let nextDue: number | null = null;
        try {
          nextDue = await this.serialize(id, () => this.syncLock(id));
        } catch (err) {
          // A broken peer or database hiccup: come back soon rather than never.
          nextDue = this.o.now() + 30_000;
          this.o.onChange?.({
            type: "alert",
            lockId: id,
            kind: "sync.error",
            message: (err as Error).message,
          });
        }
        await this.o.repo.releaseLock(this.o.owner, id, nextDue);
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, ids.length) }, worker));
    return ids;
  }

  /** Syncs one lock this hub holds the lease of; returns when it next needs a visit. */
  async syncLock(lockId: string): Promise<number | null> {
    const { repo, source } = this.o;
    const record = await repo.getLockRecord(lockId);
    if (record && record.unmanagedAtMs != null) return this.drainUnmanaged(lockId);
    const lock = record;
    if (!lock) return null;
    const site = await repo.getSite(lock.siteId);
    const view = source.view(lockId);
    const link = source.link(lockId);
    const status = link?.status() ?? { online: false, paired: false };
    let sync = await repo.getSyncState(lockId);
    if (sync && sync.hostRemovedAtMs !== null) {
      if (!view || !link) {
        // Deleted by the host: no code is set on it or leaves it; a slow look-in notices a lock
        // made again under the id while no notice reached this hub (the notice brings it sooner).
        await this.planAndSend(
          lockId,
          { online: false, paired: false, capacity: 0, removed: true },
          "UTC",
          null,
        );
        return this.o.now() + OFFLINE_LOOK_MS;
      }
      await this.hostReturned(lock);
      sync = (await repo.getSyncState(lockId)) ?? sync;
    }
    if (!view || !link || !site || !sync) {
      // The host has no view of this lock (deleted while no hub listened, or not announced
      // yet): it is out of reach, so plan as offline so rows say why, and after 10 minutes
      // raise lock.offline as for a lock that stopped answering (before 7 December 2026 no
      // alert came, ever). A slow look-in notices it back if no notice does.
      const now = this.o.now();
      await this.checkOffline(lock, false, now);
      const due = await this.planAndSend(
        lockId,
        { online: false, paired: sync?.paired ?? true, capacity: view?.codeRules.capacity ?? 0 },
        site?.timeZone ?? "UTC",
        null,
      );
      return due === null ? now + OFFLINE_LOOK_MS : Math.min(due, now + OFFLINE_LOOK_MS);
    }
    const paired = status.paired;
    // Re-paired without the hub hearing it (while it was away): compare the table again.
    if (paired !== sync.paired)
      await repo.updateSyncState(lockId, paired ? { paired, checksum: null } : { paired });
    const now = this.o.now();
    await this.checkPairing(lock, status.online, paired, sync.paired, now);
    const cameBack = await this.checkHealth(lock, view, status.online, now);
    if (status.online && paired) {
      // B-NET-5: what the lock did while its link was down (or no hub listened) is in its own
      // log; read what the hub missed when it may have missed something, as it verifies.
      if (
        cameBack ||
        !this.checkedHere.has(lockId) ||
        sync.logSeq === null ||
        sync.lastVerifiedAtMs === null ||
        now - sync.lastVerifiedAtMs >= this.verifyEveryMs
      )
        await catchUpLog(this.o, lock, link, view);
      if (!sync.inventoried) {
        if (!(await this.inventory(lockId, link, view.codeRules.capacity))) return now + 30_000;
        this.checkedHere.add(lockId);
      } else if (
        sync.lastVerifiedAtMs === null ||
        now - sync.lastVerifiedAtMs >= this.verifyEveryMs ||
        sync.checksum === null ||
        // B-NET-5: what was done at the keypad while the radio was down (or while no hub
        // listened) reached no one; a slot written now could be one a person just filled.
        cameBack ||
        !this.checkedHere.has(lockId)
      ) {
        if (await this.verify(lockId, link, view.codeRules.capacity, sync.checksum))
          this.checkedHere.add(lockId);
      }
      sync = (await repo.getSyncState(lockId)) ?? sync;
    }
    const nextDue = await this.planAndSend(
      lockId,
      { online: status.online, paired, capacity: view.codeRules.capacity },
      site.timeZone,
      link,
    );
    // Away: the host's change notice brings the lock back; a slow look-in covers a missed one.
    const lookAt =
      status.online && paired
        ? Math.max(now, (sync.lastVerifiedAtMs ?? now) + this.verifyEveryMs)
        : now + OFFLINE_LOOK_MS;
    return nextDue === null ? lookAt : Math.min(nextDue, lookAt);
  }

  /** How far the hub can reach a lock it took off its care (its codes are deleted only if it can). */
  private unmanagedReach(lockId: string, sync: { hostRemovedAtMs: number | null } | undefined) {
    const view = this.o.source.view(lockId);
    const link = this.o.source.link(lockId);
    const status = link?.status() ?? { online: false, paired: false };
    const removed = !view || !link || (sync?.hostRemovedAtMs ?? null) !== null;
    return {
      link: removed ? null : (link ?? null),
      reach: {
        online: status.online && !removed,
        paired: status.paired,
        capacity: 0,
        removed,
        unmanaged: true,
      },
    };
  }

  /**
   * A lock taken off the hub's care: its codes leave (deleted while it can be reached; else
   * `removed` with nothing sent, saying the code may be left in its slot), then it is never
   * visited again (null) until it is brought back.
   */
  private async drainUnmanaged(lockId: string): Promise<number | null> {
    const { link, reach } = this.unmanagedReach(lockId, await this.o.repo.getSyncState(lockId));
    return this.planAndSend(lockId, reach, "UTC", link);
  }

  /**
   * A person takes a lock off the hub's care (Seam's `is_managed: false`): recorded once (false
   * when it already was off, which changes nothing); every open alert of the lock closes (the
   * hub no longer watches over it), history names who did it, and each code on it is planned
   * to leave — `removing` when the lock can be reached (the next pass, under its lease, sends
   * the deletes), `removed` with nothing sent when it cannot. Run in turn with other work on it.
   */
  async takeOff(lock: { id: string; siteId: string }, personId: string): Promise<boolean> {
    const { repo } = this.o;
    const now = this.o.now();
    if (!(await repo.markUnmanaged(lock.id, now))) return false;
    this.checkedHere.delete(lock.id);
    for (const a of await repo.listAlerts({ lockId: lock.id, openOnly: true, limit: 10_000 }))
      await repo.resolveAlerts(lock.id, a.kind, now);
    await repo.appendEvent({
      atMs: now,
      siteId: lock.siteId,
      lockId: lock.id,
      personId,
      accessCodeId: null,
      kind: "lock.unmanaged",
      source: `person:${personId}`,
      slot: null,
      detail: null,
    });
    const { link, reach } = this.unmanagedReach(lock.id, await repo.getSyncState(lock.id));
    await this.planAndSend(lock.id, reach, "UTC", link, false);
    await repo.markDue([lock.id], now);
    return true;
  }

  /**
   * A person brings a lock back under the hub's care: a lock at its first visit (every slot,
   * where its log stands, its pairing and settings are read again; a code left on it shows as
   * a keypad code). Codes that left it stay off. False when it was managed already.
   */
  async bringBack(lock: { id: string; siteId: string }, personId: string): Promise<boolean> {
    const { repo } = this.o;
    const now = this.o.now();
    if (!(await repo.markManaged(lock.id, now))) return false;
    this.checkedHere.delete(lock.id);
    const view = this.o.source.view(lock.id);
    if (view) await repo.updateSyncState(lock.id, { paired: view.paired });
    await repo.appendEvent({
      atMs: now,
      siteId: lock.siteId,
      lockId: lock.id,
      personId,
      accessCodeId: null,
      kind: "lock.managed",
      source: `person:${personId}`,
      slot: null,
      detail: null,
    });
    return true;
  }

  /**
   * The host deleted a lock under the hub's care (its `removed` notice, and no source has it):
   * recorded once, the lock's own alerts closed (it is gone: offline, battery, jam…; a
   * brute-force attempt stays for a person), `lock.removed` raised, and the lock due so its
   * codes stop reading `set`. Nothing about any other lock changes.
   */
  async hostRemoved(lockId: string): Promise<void> {
    const { repo } = this.o;
    const lock = await repo.getLock(lockId);
    if (!lock || this.o.source.view(lockId) !== undefined) return;
    const now = this.o.now();
    if (!(await repo.markHostRemoved(lockId, now))) return;
    this.checkedHere.delete(lockId);
    for (const a of await repo.listAlerts({ lockId, openOnly: true, limit: 10_000 })) {
      if (a.kind === "lock.brute-force" || a.kind.includes(":")) continue; // a code's alerts follow its rows
      await repo.resolveAlerts(lockId, a.kind, now);
    }
    await repo.appendEvent({
      atMs: now,
      siteId: lock.siteId,
      lockId,
      personId: null,
      accessCodeId: null,
      kind: "lock.removed",
      source: "host",
      slot: null,
      detail: null,
    });
    const kind = "lock.removed";
    const message = `${lock.name} was deleted from the host that ran it: it holds no codes now and the hub sends it nothing. Make it again under the id ${lock.id} and the hub puts its codes back`;
    const alert = await repo.raiseAlert({ atMs: now, lockId, siteId: lock.siteId, kind, message });
    if (alert) this.o.onChange?.({ type: "alert", lockId, kind, message });
    this.o.onChange?.({ type: "lock", lockId, siteId: lock.siteId, change: "removed" });
    await repo.markDue([lockId], now);
  }

  /**
   * A lock is under the id again after the host deleted it: a new lock, read afresh (every slot,
   * where its log stands, its pairing); `lock.removed` closes and the codes go to it.
   */
  async hostReturned(lock: { id: string; siteId: string }): Promise<void> {
    const { repo } = this.o;
    if (!(await repo.clearHostRemoved(lock.id))) return;
    const now = this.o.now();
    await repo.resolveAlerts(lock.id, "lock.removed", now);
    await repo.appendEvent({
      atMs: now,
      siteId: lock.siteId,
      lockId: lock.id,
      personId: null,
      accessCodeId: null,
      kind: "lock.recreated",
      source: "host",
      slot: null,
      detail: null,
    });
    this.o.onChange?.({ type: "lock", lockId: lock.id, siteId: lock.siteId, change: "recreated" });
    await repo.markDue([lock.id], now);
  }

  private async planAndSend(
    lockId: string,
    reach: { online: boolean; paired: boolean; capacity: number; removed?: boolean; unmanaged?: boolean },
    timeZone: string,
    link: HubLockLink | null,
    /** False: persist the plan only; the next pass (under the lock's lease) sends it. */
    send = true,
  ): Promise<number | null> {
    const { repo } = this.o;
    const rows = await repo.listLockCodes(lockId);
    const live = rows.filter((r) => !(r.status === "removed" && r.slot === null)); // done with
    const codes = new Map<string, AccessCode>(
      (await repo.getAccessCodes([...new Set(live.map((r) => r.accessCodeId))])).map((c) => [c.id, c]),
    );
    const unmanaged = (await repo.listUnmanaged(lockId)).map((u) => u.slot);
    const now = this.o.now();
    const plan = reconcileLock(
      {
        lockId,
        online: reach.online && link !== null,
        paired: reach.paired,
        capacity: reach.capacity,
        unmanagedSlots: unmanaged,
        timeZone,
        ...(reach.removed ? { removed: true } : {}),
        ...(reach.unmanaged ? { unmanaged: true } : {}),
      },
      codes,
      live,
      now,
    );
    const before = new Map(live.map((r) => [r.accessCodeId, r]));
    const current = new Map<string, LockCodeState>();
    for (const s of plan.states) {
      current.set(s.accessCodeId, s);
      const old = before.get(s.accessCodeId);
      if (old && !sameState(old, s)) {
        await repo.saveLockCode(s);
        this.o.onChange?.({ type: "lock-code", state: s });
        await this.alertOnChange(old, s, codes.get(s.accessCodeId), now);
      }
    }
    if (!link || !send) return plan.nextDueAtMs;
    let changedTable = false;
    let stopped = false;
    let regenerated = false;
    for (const planned of plan.commands) {
      const row = current.get(planned.accessCodeId);
      if (!row || stopped) continue;
      if (!(await repo.extendLease(this.o.owner, lockId, this.o.now() + this.leaseMs))) break; // lost the lease: another hub has it
      const result = await link.send(planned.command, { timeoutMs: this.o.commandTimeoutMs ?? 10_000 });
      const at = this.o.now();
      let next = applyResult(row, planned, result, at);
      let rowRegenerated = false;
      await repo.saveLockCode(next);
      const refusal = next.status === "failed" ? next.errors[0] : undefined;
      if (refusal?.code === "code.conflict" && planned.command.type === "setCode" && this.o.regenerate) {
        const again = await this.o.regenerate(planned.accessCodeId, lockId, planned.command.code);
        if (again && "rows" in again) {
          // New digits for the code on every lock: this lock and the others are `setting` again.
          regenerated = true;
          rowRegenerated = true;
          for (const r of again.rows) {
            if (r.lockId === lockId) next = r;
            else this.o.onChange?.({ type: "lock-code", state: r });
          }
        } else if (again) {
          next = {
            ...next,
            errors: [
              {
                ...refusal,
                message: `${refusal.message} (the hub drew new digits ${again.exhausted} times and stopped; retry it or choose a code)`,
              },
            ],
          };
          await repo.saveLockCode(next);
        }
      }
      current.set(next.accessCodeId, next);
      this.o.onChange?.({ type: "lock-code", state: next });
      await this.recordOutcome(lockId, planned, next, codes.get(planned.accessCodeId), result, at);
      if (next.status === "removed" || (next.status === "set" && row.errors.length + row.warnings.length > 0))
        await repo.resolveCodeAlerts(next.accessCodeId, at, { lockId, pastEnd: next.status === "removed" });
      if (result.ok) changedTable = true;
      else if (next.status !== "failed" && !rowRegenerated) stopped = true; // the lock is away: the rest waits, in order
    }
    if (changedTable) {
      // The table as the hub just left it: the baseline the next verification compares with.
      const sum = await link.send({ type: "readChecksum" }, { timeoutMs: this.o.commandTimeoutMs ?? 10_000 });
      const checksum = sum.ok ? asChecksum(sum.data) : null;
      await repo.updateSyncState(lockId, { checksum, lastVerifiedAtMs: this.o.now() });
    }
    let due = regenerated ? this.o.now() : plan.nextDueAtMs;
    for (const s of current.values()) {
      if (s.nextAttemptAtMs !== null && (due === null || s.nextAttemptAtMs < due)) due = s.nextAttemptAtMs;
    }
    if (plan.commands.length > 0 && stopped === false && changedTable) {
      // Something changed; one more pass confirms nothing is left (cheap when nothing is).
      const left = plan.states.some((s) => s.status === "setting" || s.status === "removing");
      if (left) due = due === null ? this.o.now() : Math.min(due, this.o.now());
    }
    return due;
  }

  /**
   * Alerts for a row the plan changed without a command: a code the lock has no free slot for
   * (code.capacity) is a failure to sync like a refusal; a capacity failure that found a slot,
   * and a code that is off the lock (or never reached it), close the code's alerts there.
   */
  private async alertOnChange(
    old: LockCodeState,
    next: LockCodeState,
    code: AccessCode | undefined,
    now: number,
  ): Promise<void> {
    const { repo } = this.o;
    if (next.status === "failed" && old.status !== "failed") {
      const lock = await repo.getLock(next.lockId);
      const message = `code "${code?.name ?? next.accessCodeId}" failed on ${lock?.name ?? next.lockId}: ${plainReason(next.errors[0]?.message ?? "")}`;
      const alert = await repo.raiseAlert({
        atMs: now,
        lockId: next.lockId,
        siteId: lock?.siteId ?? null,
        kind: `code.sync-failed:${next.accessCodeId}`,
        message,
      });
      if (alert) this.o.onChange?.({ type: "alert", lockId: next.lockId, kind: "code.sync-failed", message });
    } else if ((old.status === "failed" && next.status !== "failed") || next.status === "removed") {
      await repo.resolveCodeAlerts(next.accessCodeId, now, {
        lockId: next.lockId,
        pastEnd: next.status === "removed",
      });
    }
  }

  private async recordOutcome(
    lockId: string,
    planned: PlannedCommand,
    state: LockCodeState,
    code: AccessCode | undefined,
    result: { ok: boolean; code?: string; reason?: string },
    at: number,
  ): Promise<void> {
    const lock = await this.o.repo.getLockRecord(lockId); // one taken off the hub's care too
    const kind = result.ok
      ? planned.command.type === "setCode"
        ? "code.set"
        : "code.removed"
      : state.status === "failed"
        ? "code.failed"
        : "code.retry";
    await this.o.repo.appendEvent({
      atMs: at,
      siteId: lock?.siteId ?? null,
      lockId,
      personId: code?.personId ?? null,
      accessCodeId: planned.accessCodeId,
      kind,
      source: "hub",
      slot: planned.command.slot,
      detail: result.ok ? null : `${result.code ?? ""}: ${result.reason ?? ""}`,
    });
    if (state.status === "failed") {
      const message = `code "${code?.name ?? planned.accessCodeId}" failed on ${lock?.name ?? lockId}: ${plainReason(state.errors[0]?.message ?? result.reason ?? "")}`;
      const alert = await this.o.repo.raiseAlert({
        atMs: at,
        lockId,
        siteId: lock?.siteId ?? null,
        kind: `code.sync-failed:${planned.accessCodeId}`,
        message,
      });
      if (alert) this.o.onChange?.({ type: "alert", lockId, kind: "code.sync-failed", message });
    }
  }

  /**
   * A lock that answers unpaired has `lock.unpaired` open, also when the hub never heard it
   * unpair (reset or unpaired while the hub was stopped or the radio down: that report reached
   * no one, and an unpaired lock does not let the hub read its log); paired again, the pairing
   * alerts close, as the lock's `paired` report closes them.
   */
  private async checkPairing(
    lock: { id: string; siteId: string; name: string },
    online: boolean,
    paired: boolean,
    wasPaired: boolean,
    now: number,
  ): Promise<void> {
    const { repo } = this.o;
    if (online && !paired) {
      // A reset the hub heard has its own alert, which says the pairing is gone: one incident, one alert.
      const reset = await repo.listAlerts({
        lockId: lock.id,
        kinds: ["lock.factory-reset"],
        openOnly: true,
        limit: 1,
      });
      if (reset.length > 0) return;
      const kind = "lock.unpaired";
      const message = `${lock.name} is no longer paired with the hub; re-pair it (a factory reset also empties its codes: the hub restores them once it is re-paired)`;
      const a = await repo.raiseAlert({ atMs: now, lockId: lock.id, siteId: lock.siteId, kind, message });
      if (a) this.o.onChange?.({ type: "alert", lockId: lock.id, kind, message });
    } else if (paired && !wasPaired) {
      await repo.resolveAlerts(lock.id, "lock.unpaired", now);
      await repo.resolveAlerts(lock.id, "lock.factory-reset", now);
    }
  }

  /**
   * Offline too long, low or critical battery (with the forecast): alerts raised once, resolved
   * when fixed. True when the lock was last seen offline and answers again.
   */
  private async checkHealth(
    lock: { id: string; siteId: string; name: string },
    view: HubLockView,
    online: boolean,
    now: number,
  ): Promise<boolean> {
    const { repo } = this.o;
    const raise = async (kind: string, message: string, refresh = false): Promise<void> => {
      const a = await repo.raiseAlert({ atMs: now, lockId: lock.id, siteId: lock.siteId, kind, message });
      if (a) this.o.onChange?.({ type: "alert", lockId: lock.id, kind, message });
      // Already open (often from the lock's own report, raised before any forecast): keep its
      // level and forecast current, as GET /alerts promises the forecast day. Not news again.
      else if (refresh) await repo.refreshAlertMessage(lock.id, kind, message);
    };
    const cameBack = await this.checkOffline(lock, online, now);
    const battery = view.battery;
    if (!battery) return cameBack;
    await repo.addBatterySample(lock.id, now, battery.percent, 3_600_000);
    if (battery.level === "ok") {
      // The level at a battery alert's closing is a reading too, inside the hour between samples
      // (Seam's device.battery_status_changed carries it); stored first, as at the raising.
      const [open] = await repo.listAlerts({
        lockId: lock.id,
        kinds: ["battery.low", "battery.critical"],
        openOnly: true,
        limit: 1,
      });
      if (open) await repo.addBatterySample(lock.id, now, battery.percent, 0);
      await repo.resolveAlerts(lock.id, "battery.low", now);
      await repo.resolveAlerts(lock.id, "battery.critical", now);
      return cameBack;
    }
    const samples = await repo.batterySamples(lock.id, now - 180 * 86_400_000);
    const stop = forecastStopMs(samples);
    const forecast =
      stop === null
        ? ""
        : `; at this rate it stops locking around ${siteDay(Math.max(stop, now), await siteZone(repo, lock.siteId), now)}`;
    // The level when the alert was raised is a reading stored at its raising (Seam's
    // device.low_battery carries it), inside the hour between samples too; stored first, so no
    // reader sees the alert without it. An alert the lock's report raised has the report's.
    const kind = battery.level === "low" ? "battery.low" : "battery.critical";
    const [open] = await repo.listAlerts({ lockId: lock.id, kinds: [kind], openOnly: true, limit: 1 });
    if (!open || !samples.some((x) => x.atMs >= open.atMs))
      await repo.addBatterySample(lock.id, now, battery.percent, 0);
    // One battery alert at a time: the level now replaces the other (a low alert left open beside
    // a critical one would show a stale level for the same pack). The new one is raised before
    // the old one closes, so no reader sees a moment with neither (cells gone good in between).
    if (battery.level === "low") {
      await raise("battery.low", `${lock.name}'s battery is low (${battery.percent} %)${forecast}`, true);
      await repo.resolveAlerts(lock.id, "battery.critical", now);
    } else {
      await raise(
        "battery.critical",
        battery.level === "dead"
          ? // B-PWR-4: no power at all, whatever charge the cells hold.
            `${lock.name}'s batteries give it no power (${battery.percent} % charge): dead, put in backwards or not touching their contacts; check them and replace them`
          : `${lock.name}'s battery is critical (${battery.percent} %): replace it now${forecast}`,
        true,
      );
      await repo.resolveAlerts(lock.id, "battery.low", now);
    }
    return cameBack;
  }

  /**
   * Notes since when the lock is out of reach (or that it is back) and raises `lock.offline`
   * once it has been away 10 minutes, closing it when it answers. True when it just came back.
   */
  private async checkOffline(
    lock: { id: string; siteId: string; name: string },
    online: boolean,
    now: number,
  ): Promise<boolean> {
    const { repo } = this.o;
    const { since, cameBack } = await repo.setOffline(lock.id, !online, now);
    const offlineAfter = this.o.offlineAlertMs ?? DEFAULT_OFFLINE_ALERT_MS;
    if (since === null) await repo.resolveAlerts(lock.id, "lock.offline", now);
    else if (now - since >= offlineAfter) {
      const kind = "lock.offline";
      const message = `${lock.name} has been offline since ${siteTime(since, await siteZone(repo, lock.siteId), now)}`;
      const a = await repo.raiseAlert({ atMs: now, lockId: lock.id, siteId: lock.siteId, kind, message });
      if (a) this.o.onChange?.({ type: "alert", lockId: lock.id, kind, message });
    }
    return cameBack;
  }

  /** Reads every slot: what the hub did not put there is unmanaged; what it did and is gone is drift. */
  async inventory(lockId: string, link: HubLockLink, capacity: number): Promise<boolean> {
    const { repo } = this.o;
    const occupied = new Set<number>();
    for (let slot = 1; slot <= capacity; slot++) {
      // Reading every slot takes a while on a slow radio: keep the lease, or stop if it is gone.
      if (slot % 5 === 1 && !(await repo.extendLease(this.o.owner, lockId, this.o.now() + this.leaseMs)))
        return false;
      const r = await link.send({ type: "readSlot", slot }, { timeoutMs: this.o.commandTimeoutMs ?? 10_000 });
      if (!r.ok) return false;
      const info = asSlotInfo(r.data, slot);
      if (!info) return false;
      if (info.occupied) occupied.add(slot);
    }
    await this.applyOccupancy(lockId, occupied, "inventory");
    const sum = await link.send({ type: "readChecksum" });
    await repo.updateSyncState(lockId, {
      inventoried: true,
      checksum: sum.ok ? asChecksum(sum.data) : null,
      lastVerifiedAtMs: this.o.now(),
    });
    await this.readStatus(lockId, link);
    return true;
  }

  /**
   * Reads the lock's `status` (its mode and every setting) and records in history what differs
   * from what the hub knows (lock-settings.ts), with source `status`: a hub that joined late, or
   * missed the lock's reports while it was away, then shows the lock as it is. A lock that does
   * not answer, or answers without settings, changes nothing.
   */
  private async readStatus(lockId: string, link: HubLockLink): Promise<void> {
    const { repo } = this.o;
    const lock = await repo.getLock(lockId);
    if (!lock) return;
    const r = await link.send({ type: "status" }, { timeoutMs: this.o.commandTimeoutMs ?? 10_000 });
    if (!r.ok || typeof r.data !== "object" || r.data === null) return;
    const data = r.data as { mode?: unknown; settings?: unknown };
    const row = {
      atMs: this.o.now(),
      siteId: lock.siteId,
      lockId,
      personId: null,
      accessCodeId: null,
      source: "status",
      slot: null,
    };
    const profile = getProfile(this.o.source.view(lockId)?.profileId ?? "");
    if (profile && data.settings !== undefined) {
      const known = await knownSettings(repo, lockId, profile.defaultSettings);
      const differ = settingsThatDiffer(known, data.settings);
      if (differ)
        await repo.appendEvent({ ...row, kind: "lock.settings-changed", detail: JSON.stringify(differ) });
    }
    const mode = modeOf(data.mode);
    if (mode !== null && mode !== (await knownMode(repo, lockId)))
      await repo.appendEvent({ ...row, kind: "lock.mode-changed", detail: mode });
  }

  /**
   * Compares the lock's checksum with the last one the hub saw; reads every slot when they
   * differ. True when the hub now knows the table (it matched, or every slot was read).
   */
  private async verify(
    lockId: string,
    link: HubLockLink,
    capacity: number,
    known: string | null,
  ): Promise<boolean> {
    const r = await link.send({ type: "readChecksum" }, { timeoutMs: this.o.commandTimeoutMs ?? 10_000 });
    if (!r.ok) return false;
    const checksum = asChecksum(r.data);
    if (checksum !== null && known !== null && checksum === known) {
      await this.o.repo.updateSyncState(lockId, { lastVerifiedAtMs: this.o.now() });
      return true;
    }
    return this.inventory(lockId, link, capacity);
  }

  /** Makes the hub's rows agree with the slots the lock says are occupied. */
  async applyOccupancy(lockId: string, occupied: ReadonlySet<number>, source: string): Promise<void> {
    const { repo } = this.o;
    const now = this.o.now();
    const rows = await repo.listLockCodes(lockId);
    const owned = new Set<number>();
    for (const row of rows) {
      if (row.slot === null) continue;
      owned.add(row.slot);
      if (row.appliedKey !== null && !occupied.has(row.slot)) {
        await this.markDrift(
          row,
          now,
          "code.removed-at-lock",
          `slot ${row.slot} was emptied at the lock; the hub puts the code back`,
        );
      }
    }
    for (const u of await repo.listUnmanaged(lockId))
      if (!occupied.has(u.slot)) await repo.deleteUnmanaged(lockId, u.slot);
    for (const slot of occupied) {
      if (!owned.has(slot)) await repo.putUnmanaged({ lockId, slot, detectedAtMs: now, source });
    }
  }

  /** A code the lock no longer holds as the hub left it: back to `setting`, and the lock is due. */
  async markDrift(row: LockCodeState, now: number, code: string, message: string): Promise<void> {
    const next: LockCodeState = {
      ...row,
      status: "setting",
      appliedKey: null,
      errors: [],
      warnings: [{ code, message }],
      attempts: 0,
      nextAttemptAtMs: null,
      updatedAtMs: now,
    };
    await this.o.repo.saveLockCode(next);
    this.o.onChange?.({ type: "lock-code", state: next });
    await this.o.repo.markDue([row.lockId], now);
  }
}

function sameState(a: LockCodeState, b: LockCodeState): boolean {
  return (
    a.slot === b.slot &&
    a.status === b.status &&
    a.appliedKey === b.appliedKey &&
    a.attempts === b.attempts &&
    a.nextAttemptAtMs === b.nextAttemptAtMs &&
    JSON.stringify(a.errors) === JSON.stringify(b.errors) &&
    JSON.stringify(a.warnings) === JSON.stringify(b.warnings)
  );
}
