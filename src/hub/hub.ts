/**
 * The hub as a person or integrator uses it: sites, people, locks, access codes, history and
 * alerts, each call checked against the caller's role, each refusal a value with a stable code
 * that changes nothing. Sync runs behind it (LockSyncer); the host is reached only through
 * HubLockSource.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { hashToken } from "./tokens.ts";
import { Sessions, checkPasswordStrength } from "./sessions.ts";
import type {
  AccessCode,
  Alert,
  HubEvent,
  HubLock,
  Issue,
  LockCodeState,
  Outcome,
  Person,
  Role,
  Site,
  UnmanagedCode,
} from "./model.ts";
import { ROLES, refuse } from "./model.ts";
import type { HubLockSource, HubLockView } from "./host-port.ts";
import { changedLockId, readLockEvent } from "./host-port.ts";
import type { HubRepository } from "./storage/hub-repository.ts";
import { codeAsShownTo } from "./code-digits-shown.ts";
import { authorize, visibleSites } from "./permissions.ts";
import type { HubAction } from "./permissions.ts";
import { isValidTimeZone, zoneAsSpelled } from "./site-time.ts";
import { checkDigits, checkName, checkTimes, MAX_LOCKS_PER_CODE } from "./access-code-rules.ts";
import type { NewAccessCode } from "./access-code-rules.ts";
import { weakCodeWarnings } from "./codes/weak-codes.ts";
import { DEFAULT_UNIQUE_PREFIX_DIGITS, generateCode } from "./codes/code-generator.ts";
import type { LockCodeRules } from "./codes/code-generator.ts";
import { LockSyncer } from "./sync/lock-sync.ts";
import type { SyncChange } from "./sync/lock-sync.ts";
import { handleLockReport } from "./sync/lock-reports.ts";
import { codePhase } from "./sync/reconciler.ts";
import { checkCare } from "./care.ts";
import { Webhooks } from "./webhooks.ts";
import type { Delivery, Webhook } from "./webhooks.ts";
import { HubFirmware } from "./firmware/hub-firmware.ts";
import type { LockFirmwareSummary } from "./firmware/hub-firmware.ts";
import type { HubSigningKey } from "./firmware/signing-key.ts";

export type Actor = Pick<Person, "id" | "role" | "siteIds">;

/** An API token as the hub shows it after it is made: never its secret, never its hash. */
export interface ApiTokenInfo {
  readonly id: string;
  readonly personId: string;
  readonly label: string;
  readonly createdAtMs: number;
}

/** A token just made: the secret is in this answer only. */
export interface IssuedApiToken extends ApiTokenInfo {
  readonly token: string;
}

/** Live API tokens a person may hold at once (issue: bound every count). */
export const MAX_API_TOKENS_PER_PERSON = 100;

export interface AccessCodeView {
  readonly accessCode: AccessCode;
  readonly locks: readonly LockCodeState[];
}

export interface HubLockSummary {
  readonly lock: HubLock;
  readonly view: HubLockView | undefined;
  readonly paired: boolean;
  /** When the host deleted the lock (it holds no codes; nothing is sent to it); null while it has it. */
  readonly hostRemovedAtMs: number | null;
  readonly unmanaged: readonly UnmanagedCode[];
  /** Issue 14: the version the lock last said it runs, and a newer release when there is one. */
  readonly firmware: LockFirmwareSummary;
}

export interface HubOptions {
  readonly repo: HubRepository;
  readonly source: HubLockSource;
  readonly now?: () => number;
  /** This process's name in sync leases. */
  readonly owner?: string;
  readonly leaseMs?: number;
  readonly verifyEveryMs?: number;
  readonly random?: (max: number) => number;
  /** Locks one hub leases per round (default 200): smaller lets several hubs share a fleet evenly. */
  readonly claimLimit?: number;
  /** How webhooks are POSTed (default: fetch); tests may count. */
  readonly post?: (url: string, body: string, headers: Record<string, string>) => Promise<number>;
  /**
   * Issue 14: the key the hub signs firmware with (`openSigningKey(dataFolder)`); without one
   * the hub still learns versions and raises "update available", but sends no firmware.
   */
  readonly firmwareKey?: HubSigningKey | null;
  /** How many people, sites and firmware releases the hub keeps at most (DEFAULT_HUB_LIMITS); tests make them small. */
  readonly limits?: Partial<HubLimits>;
}

export interface HubLimits {
  readonly people: number;
  readonly sites: number;
  /** Builds published to the hub (every model together): the catalog is read whole on each look. */
  readonly firmwareReleases: number;
}

/**
 * Every count is bounded: a script gone wrong (or a stolen owner's token) that adds people or
 * sites in a loop is stopped long before the database suffers. Far above any property manager's
 * portfolio: 10,000 sites, 100,000 people (guests kept after their stays included), 1,000 published
 * firmware builds (a build a week for every radio model for years; the hub reads its whole
 * catalog each time it looks for an update).
 */
export const DEFAULT_HUB_LIMITS: HubLimits = { people: 100_000, sites: 10_000, firmwareReleases: 1_000 };

/** New digits a generated code gets at most when locks refuse them, before it stays `failed`. */
export const MAX_REGENERATIONS = 3;
/** How often care reminders are looked for. */
const CARE_EVERY_MS = 3_600_000;
const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What a new credential for a revoked person answers: revoking ended every way in. */
function revoked(): { ok: false; code: "person.revoked"; reason: string } {
  return { ok: false, code: "person.revoked", reason: "the person's access was revoked" };
}

/** A new person's name (trimmed) when it and the id they chose are ones the hub takes. */
function checkPersonInput(name: string, id: string | undefined): Outcome<string> {
  const checked = checkName(name);
  if (!checked.ok) return checked;
  if (id !== undefined && !SLUG.test(id))
    return { ok: false, code: "request.invalid", reason: "id is a slug [a-z0-9][a-z0-9-]{0,62}" };
  return checked;
}
const forbidden = <T>(reason: string): Outcome<T> => ({ ok: false, code: "auth.forbidden", reason });
const notFound = <T>(what: string): Outcome<T> => ({
  ok: false,
  code: `${what}.not-found`,
  reason: `no such ${what}`,
});

/** A write aimed at a lock a person took off the hub's care (409 `lock.unmanaged`). */
const unmanagedLock = <T>(lockId: string): Outcome<T> => ({
  ok: false,
  code: "lock.unmanaged",
  reason: `the lock ${lockId.slice(0, 64)} was taken off the hub's care; bring it back first (PATCH /locks/{lock_id} with managed: true)`,
});

export { hashToken };

export class Hub {
  readonly repo: HubRepository;
  readonly source: HubLockSource;
  readonly syncer: LockSyncer;
  readonly webhooks: Webhooks;
  readonly sessions: Sessions;
  /** Issue 14: versions, one lock's update, staged rollouts (src/hub/firmware/). */
  readonly firmware: HubFirmware;
  /** The hub's clock (Date.now unless given): what every alert, event and route stamps with. */
  readonly now: () => number;
  private readonly listeners = new Set<(change: SyncChange) => void>();
  private readonly accessListeners = new Set<() => void>();
  private readonly unsubscribers: (() => void)[] = [];
  private readonly linkSubscriptions = new Map<string, () => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private ticking: Promise<unknown> | null = null;
  private readonly random: ((max: number) => number) | undefined;
  /** Report handling under way (awaited by `idle`). */
  private readonly pending = new Set<Promise<unknown>>();
  private lastCareAtMs: number | null = null;
  private readonly claimLimit: number;
  private readonly limits: HubLimits;
  private readonly offResolved: () => void;

  constructor(options: HubOptions) {
    this.repo = options.repo;
    // Every closing goes through the repository, wherever in the hub it happens.
    this.offResolved = this.repo.onAlertsResolved((alerts) => {
      for (const alert of alerts) this.emit({ type: "alert-resolved", alert });
    });
    this.source = options.source;
    this.now = options.now ?? Date.now;
    this.random = options.random;
    this.claimLimit = options.claimLimit ?? 200;
    this.limits = { ...DEFAULT_HUB_LIMITS, ...options.limits };
    this.webhooks = new Webhooks(this.repo, this.now, options.post);
    this.sessions = new Sessions(this.repo, this.now, () => this.accessEnded());
    const owner = options.owner ?? `hub-${randomUUID()}`;
    this.syncer = new LockSyncer({
      repo: this.repo,
      source: this.source,
      now: this.now,
      owner,
      ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      ...(options.verifyEveryMs === undefined ? {} : { verifyEveryMs: options.verifyEveryMs }),
      onChange: (c) => this.emit(c),
      regenerate: (id, lockId, refused) => this.regenerate(id, lockId, refused),
    });
    this.firmware = new HubFirmware({
      repo: this.repo,
      source: this.source,
      key: options.firmwareKey ?? null,
      maxReleases: this.limits.firmwareReleases,
      now: this.now,
      owner,
      emit: (c) => this.emit(c),
    });
  }

  /** Hears about statuses and alerts as they happen (the WebSocket and webhooks use this). */
  subscribe(listener: (change: SyncChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Hears that a way in ended (a person revoked, an API token revoked, a sign-out), so what holds
   * a credential open — the hub's live socket — checks it again at once instead of within a minute.
   */
  onAccessEnded(listener: () => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  private accessEnded(): void {
    for (const l of this.accessListeners) l();
  }

  private emit(change: SyncChange): void {
    for (const l of this.listeners) l(change);
    // Webhooks carry what they always have (an alert raised, a code's status): a receiver that
    // reads every `alert` as news must not take a closing for one.
    if (change.type === "alert-resolved" || change.type === "lock") return;
    const data =
      change.type === "alert"
        ? { lock_id: change.lockId, kind: change.kind, message: change.message }
        : {
            access_code_id: change.state.accessCodeId,
            lock_id: change.state.lockId,
            status: change.state.status,
            slot: change.state.slot,
            errors: change.state.errors,
            warnings: change.state.warnings,
          };
    const work = this.webhooks
      .enqueue(change.type === "alert" ? "alert" : "access_code.lock_status", data)
      .catch(() => 0);
    this.pending.add(work);
    void work.then(() => this.pending.delete(work));
  }

  // ---- running ----------------------------------------------------------------------------

  /**
   * Listens to the host and to every managed lock's reports, and syncs due locks every
   * `intervalMs` (a guest's code is gone within a minute of its end: keep this well under).
   */
  async start(intervalMs = 5_000): Promise<void> {
    await this.watch();
    await this.firmware.start();
    this.timer = setInterval(() => void this.tick().catch(() => {}), intervalMs);
    this.timer.unref?.();
  }

  /** Listens to the host (locks added, back online, paired) and to every managed lock's reports. */
  async watch(): Promise<void> {
    if (this.unsubscribers.length > 0) return;
    this.unsubscribers.push(
      this.source.subscribe((change) => {
        const id = changedLockId(change);
        if (id === undefined) return;
        if (change.type === "removed") {
          // Its reports came from the lock that is gone: a lock made again under the id is
          // listened to afresh (before 7 December 2026 the hub kept the old subscription and
          // heard nothing of the new lock until a log catch-up, which said the link had been down).
          this.linkSubscriptions.get(id)?.();
          this.linkSubscriptions.delete(id);
          // The lock and its codes are gone: say so (lock-sync.ts `hostRemoved`), in turn with
          // any work on it, never about another lock.
          const gone = this.syncer.serialize(id, () => this.syncer.hostRemoved(id)).catch(() => {});
          this.pending.add(gone);
          void gone.then(() => this.pending.delete(gone));
          return;
        }
        const work = (
          change.type === "added"
            ? this.syncer.serialize(id, async () => {
                const lock = await this.repo.getLock(id);
                if (lock && this.source.view(id) !== undefined) await this.syncer.hostReturned(lock);
              })
            : Promise.resolve()
        )
          .then(() => this.repo.markDue([id], this.now()))
          .catch(() => {});
        this.pending.add(work);
        void work.then(() => this.pending.delete(work));
        this.watchLock(id);
      }),
    );
    for (const lock of await this.repo.listLocks()) this.watchLock(lock.id);
  }

  /** One round of sync (tests drive this on virtual time). */
  async tick(): Promise<string[]> {
    for (const lock of await this.repo.listLocks()) this.watchLock(lock.id);
    const now = this.now();
    if (this.lastCareAtMs === null || now - this.lastCareAtMs >= CARE_EVERY_MS) {
      this.lastCareAtMs = now;
      for (const c of await checkCare(this.repo, now))
        this.emit({ type: "alert", lockId: c.lockId, kind: c.kind, message: c.message });
    }
    await this.firmware.tick().catch(() => {});
    const run = this.syncer.tick(this.claimLimit);
    this.ticking = run;
    try {
      return await run;
    } finally {
      this.ticking = null;
      await this.idle();
      await this.webhooks.deliverDue().catch(() => 0);
    }
  }

  /** Ticks until no lock is due now (bounded), for tests and scripts. */
  async settle(maxRounds = 50): Promise<number> {
    for (let i = 0; i < maxRounds; i++) {
      await this.idle();
      const synced = await this.tick();
      await this.idle();
      if (synced.length === 0) return i;
    }
    return maxRounds;
  }

  private watchLock(lockId: string): void {
    if (this.linkSubscriptions.has(lockId)) return;
    const link = this.source.link(lockId);
    if (!link) return;
    const off = link.subscribe((raw) => {
      const report = readLockEvent(raw);
      if (!report) return;
      const work = this.syncer
        .serialize(lockId, async () => {
          await handleLockReport(
            {
              repo: this.repo,
              syncer: this.syncer,
              now: this.now,
              onChange: (c) => this.emit(c),
              battery: (id) => this.source.view(id)?.battery,
            },
            lockId,
            report,
          );
          await this.firmware.versions.onReport(lockId, report);
        })
        .catch(() => {});
      this.pending.add(work);
      void work.then(() => this.pending.delete(work));
    });
    this.linkSubscriptions.set(lockId, off);
  }

  /**
   * Holds the handling of a lock's reports until the returned function is called. A person's
   * remote lock or unlock is recorded after the lock answers, and the lock's own report of the
   * run arrives with that answer: held, it is handled after the person's entry, so history reads
   * "asked, then done" even when both carry the same millisecond (on PostgreSQL the two appends
   * raced). Call the release in a `finally`: until then the lock's reports wait.
   */
  holdReports(lockId: string): () => void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    void this.syncer.serialize(lockId, () => released).catch(() => {});
    return release;
  }

  /** Waits for report handling already under way (tests). */
  async idle(): Promise<void> {
    await this.ticking;
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.firmware.close();
    this.offResolved();
    for (const off of this.unsubscribers.splice(0)) off();
    for (const off of this.linkSubscriptions.values()) off();
    this.linkSubscriptions.clear();
    await this.ticking?.catch(() => {});
  }

  private check(
    actor: Actor,
    action: HubAction,
    scope: { siteId?: string | null; personId?: string | null } = {},
  ): Outcome<void> {
    const d = authorize(actor, action, scope);
    return d.ok ? { ok: true, value: undefined } : forbidden(d.reason);
  }

  // ---- people and access --------------------------------------------------------------------

  /** The first owner (setup link, LATCHKEY_ADMIN_TOKEN); refused once an owner exists unless `allowMore`. */
  async createOwner(
    name: string,
    options: { id?: string; allowMore?: boolean } = {},
  ): Promise<Outcome<Person>> {
    if (!options.allowMore && (await this.repo.countOwners()) > 0) {
      return { ok: false, code: "person.owner-exists", reason: "the hub already has an owner" };
    }
    return this.insertPerson({ name, role: "owner", siteIds: [] }, options.id);
  }

  async addPerson(
    actor: Actor,
    input: { name: string; role: Role; siteIds?: readonly string[]; id?: string },
  ): Promise<Outcome<Person>> {
    const allowed = this.check(actor, "person.write");
    if (!allowed.ok) return allowed;
    if (!ROLES.includes(input.role))
      return { ok: false, code: "request.invalid", reason: `role is one of ${ROLES.join(", ")}` };
    const siteIds = [...new Set(input.siteIds ?? [])];
    if (siteIds.length > 1000) return { ok: false, code: "request.invalid", reason: "at most 1000 sites" };
    for (const s of siteIds) if (!(await this.repo.getSite(s))) return notFound("site");
    return this.insertPerson({ name: input.name, role: input.role, siteIds }, input.id);
  }

  private async insertPerson(
    input: { name: string; role: Role; siteIds: readonly string[] },
    id?: string,
  ): Promise<Outcome<Person>> {
    const name = checkPersonInput(input.name, id);
    if (!name.ok) return name;
    if ((await this.repo.countPeople()) >= this.limits.people)
      return refuse("person.too-many", `the hub keeps at most ${this.limits.people} people`);
    const person: Person = {
      id: id ?? randomUUID(),
      name: name.value,
      role: input.role,
      siteIds: input.siteIds,
      createdAtMs: this.now(),
    };
    if (!(await this.repo.createPerson(person)))
      return { ok: false, code: "person.exists", reason: `a person ${person.id} exists` };
    return { ok: true, value: person };
  }

  /**
   * Ends a person's access (a guest who checked out early, a manager who left): every live code
   * of theirs is deleted, so it leaves every lock (`removing` until each lock confirms), and
   * their API tokens, sessions, password and invite links go. The person stays, revoked, so
   * history still names them. An owner revokes anyone but themselves; a manager, a guest whose
   * codes are all on sites they manage.
   */
  async revokePerson(
    actor: Actor,
    personId: string,
  ): Promise<Outcome<{ person: Person; accessCodes: AccessCodeView[] }>> {
    if (actor.role === "guest") return forbidden("a guest revokes no one");
    const person = typeof personId === "string" ? await this.repo.getPerson(personId) : undefined;
    if (!person) return notFound("person");
    if (actor.role !== "owner" && person.role !== "guest")
      return forbidden("only an owner revokes an owner or a manager");
    if (person.id === actor.id)
      return { ok: false, code: "request.invalid", reason: "a person cannot revoke their own access" };
    if (person.revokedAtMs)
      return { ok: false, code: "person.revoked", reason: "the person's access was revoked already" };
    const codes = await this.codesOf(person.id, false);
    if (actor.role !== "owner") {
      // A guest is a manager's when every code they ever had is on the manager's sites, and
      // there is one: a guest with no code yet, or between stays, belongs to no site of theirs.
      const ever = await this.codesOf(person.id, true);
      if (ever.length === 0) return forbidden("a guest with no code on your sites is the owner's to revoke");
      for (const c of ever) {
        const allowed = this.check(actor, "code.write", { siteId: c.siteId });
        if (!allowed.ok) return allowed;
      }
    }
    const now = this.now();
    if (!(await this.repo.revokePerson(person.id, now)))
      return { ok: false, code: "person.revoked", reason: "the person's access was revoked already" };
    this.accessEnded();
    const views: AccessCodeView[] = [];
    for (const c of codes) {
      if (await this.repo.deleteAccessCode(c.id, now)) {
        await this.repo.resolveCodeAlerts(c.id, now);
        await this.repo.appendEvent({
          atMs: now,
          siteId: c.siteId,
          lockId: null,
          personId: person.id,
          accessCodeId: c.id,
          kind: "access-code.deleted",
          source: `person:${actor.id}`,
          slot: null,
          detail: "access revoked",
        });
      }
      views.push({
        accessCode: (await this.repo.getAccessCode(c.id)) ?? c,
        locks: await this.repo.listLockCodesFor([c.id]),
      });
    }
    await this.repo.appendEvent({
      atMs: now,
      siteId: null,
      lockId: null,
      personId: person.id,
      accessCodeId: null,
      kind: "person.revoked",
      source: `person:${actor.id}`,
      slot: null,
      detail: `${codes.length} code(s) taken off their locks`,
    });
    return {
      ok: true,
      value: { person: (await this.repo.getPerson(person.id)) ?? person, accessCodes: views },
    };
  }

  /**
   * Every code of a person, however many (a list answers at most 10,000: revoking someone with
   * more left the newest live), in pages.
   */
  private async codesOf(personId: string, includeDeleted: boolean): Promise<AccessCode[]> {
    const all: AccessCode[] = [];
    for (let after: { createdAtMs: number; id: string } | undefined; ;) {
      const page = await this.repo.listAccessCodes({
        personId,
        limit: 1000,
        includeDeleted,
        ...(after === undefined ? {} : { after }),
      });
      all.push(...page);
      const last = page.at(-1);
      if (page.length < 1000 || last === undefined) return all;
      after = { createdAtMs: last.createdAtMs, id: last.id };
    }
  }

  async listPeople(actor: Actor): Promise<Outcome<Person[]>> {
    const allowed = this.check(actor, "person.read");
    if (!allowed.ok) return allowed;
    return { ok: true, value: await this.repo.listPeople() };
  }

  /** A new API token for a person (shown once; only its hash is kept). */
  async createApiToken(actor: Actor, personId: string, label = "api"): Promise<Outcome<string>> {
    const made = await this.issueApiToken(actor, personId, label);
    return made.ok ? { ok: true, value: made.value.token } : made;
  }

  /**
   * A new API token for a person with what names it later (its id, to list and revoke it). An
   * owner makes them; a person holds at most MAX_API_TOKENS_PER_PERSON, so a script that makes
   * one per run without revoking is stopped before the table grows without end.
   */
  async issueApiToken(actor: Actor, personId: string, label = "api"): Promise<Outcome<IssuedApiToken>> {
    const allowed = this.check(actor, "person.write");
    if (!allowed.ok) return allowed;
    const person = await this.repo.getPerson(personId);
    if (!person) return notFound("person");
    if (person.revokedAtMs) return revoked();
    if ((await this.repo.countTokens(personId)) >= MAX_API_TOKENS_PER_PERSON)
      return refuse(
        "api_token.too-many",
        `a person holds at most ${MAX_API_TOKENS_PER_PERSON} API tokens: revoke one they no longer use`,
      );
    const token = `lk_${randomBytes(24).toString("base64url")}`;
    const record = { id: randomUUID(), personId, label: label.slice(0, 100), createdAtMs: this.now() };
    await this.repo.createToken({ ...record, tokenHash: hashToken(token) });
    return { ok: true, value: { ...record, token } };
  }

  /** A person's API tokens (never the secret): the owner's to see, and the person's own. */
  async listApiTokens(actor: Actor, personId: string): Promise<Outcome<ApiTokenInfo[]>> {
    const allowed = await this.mayManageTokensOf(actor, personId);
    if (!allowed.ok) return allowed;
    return { ok: true, value: await this.repo.listTokens(personId) };
  }

  /**
   * Revokes one API token at once (a leaked script's token), leaving the person's others, their
   * sessions and codes as they are. The owner revokes anyone's; a person revokes their own,
   * even the one the request came with.
   */
  async revokeApiToken(actor: Actor, personId: string, tokenId: string): Promise<Outcome<ApiTokenInfo>> {
    const allowed = await this.mayManageTokensOf(actor, personId);
    if (!allowed.ok) return allowed;
    const found = (await this.repo.listTokens(personId)).find((t) => t.id === tokenId);
    if (!found || !(await this.repo.deleteToken(personId, tokenId))) return notFound("api_token");
    this.accessEnded();
    return { ok: true, value: found };
  }

  private async mayManageTokensOf(actor: Actor, personId: string): Promise<Outcome<true>> {
    if (actor.id !== personId) {
      const allowed = this.check(actor, "person.write");
      if (!allowed.ok) return allowed;
    }
    if (!(await this.repo.getPerson(personId))) return notFound("person");
    return { ok: true, value: true };
  }

  /**
   * Makes a known token (LATCHKEY_ADMIN_TOKEN) an owner's, creating the owner the first time.
   * Idempotent across restarts.
   */
  async ensureAdminToken(token: string): Promise<Person> {
    if (token.length < 16 || token.length > 512)
      throw new Error("LATCHKEY_ADMIN_TOKEN must be 16–512 characters");
    const existing = await this.repo.findPersonByTokenHash(hashToken(token));
    if (existing) return existing;
    let admin = await this.repo.getPerson("admin");
    if (!admin) {
      const made = await this.createOwner("Administrator", { id: "admin", allowMore: true });
      if (!made.ok) throw new Error(made.reason);
      admin = made.value;
    }
    await this.repo.createToken({
      id: randomUUID(),
      tokenHash: hashToken(token),
      personId: admin.id,
      label: "LATCHKEY_ADMIN_TOKEN",
      createdAtMs: this.now(),
    });
    return admin;
  }

  /**
   * The first owner, through the one-time setup link printed at the first start: the token is
   * spent, the owner made with a password. Refused once an owner exists.
   */
  async setUp(
    token: string,
    input: { name: string; id?: string; password: string },
  ): Promise<Outcome<Person>> {
    const password = checkPasswordStrength(input.password);
    if (!password.ok) return password;
    if ((await this.repo.countOwners()) > 0)
      return { ok: false, code: "person.owner-exists", reason: "the hub already has an owner" };
    // Checked before the link is spent: a refused setup left the hub with no owner and no link.
    const checked = checkPersonInput(input.name, input.id);
    if (!checked.ok) return checked;
    if (!(await this.sessions.spendSetupToken(token)))
      return { ok: false, code: "auth.invalid", reason: "the setup link is not valid or was used" };
    const made = await this.createOwner(input.name, input.id === undefined ? {} : { id: input.id });
    if (!made.ok) {
      await this.sessions.restoreSetupToken(token);
      return made;
    }
    await this.sessions.setPassword(made.value.id, password.value);
    return made;
  }

  /**
   * Sets a person's password (the owner for anyone; anyone for themselves) and ends their
   * sessions, but for `keepSession` when they change their own from it.
   */
  async setPassword(
    actor: Actor,
    personId: string,
    password: string,
    keepSession?: string,
  ): Promise<Outcome<void>> {
    if (actor.id !== personId) {
      const allowed = this.check(actor, "person.write");
      if (!allowed.ok) return allowed;
    }
    const checked = checkPasswordStrength(password);
    if (!checked.ok) return checked;
    const person = await this.repo.getPerson(personId);
    if (!person) return notFound("person");
    if (person.revokedAtMs) return revoked();
    await this.sessions.setPassword(personId, checked.value, actor.id === personId ? keepSession : undefined);
    return { ok: true, value: undefined };
  }

  async authenticate(token: string): Promise<Person | undefined> {
    if (typeof token !== "string" || token.length === 0 || token.length > 512) return undefined;
    // Looked up by its SHA-256: the token itself is never stored or compared.
    return this.repo.findPersonByTokenHash(hashToken(token));
  }

  // ---- sites and locks ----------------------------------------------------------------------

  async createSite(
    actor: Actor,
    input: { name: string; timeZone: string; id?: string },
  ): Promise<Outcome<Site>> {
    const allowed = this.check(actor, "site.write");
    if (!allowed.ok) return allowed;
    const name = checkName(input.name);
    if (!name.ok) return name;
    if (!isValidTimeZone(input.timeZone))
      return {
        ok: false,
        code: "site.time-zone",
        reason: `${String(input.timeZone).slice(0, 64)} is not an IANA time zone`,
      };
    if (input.id !== undefined && !SLUG.test(input.id))
      return { ok: false, code: "request.invalid", reason: "id is a slug [a-z0-9][a-z0-9-]{0,62}" };
    if ((await this.repo.countSites()) >= this.limits.sites)
      return refuse("site.too-many", `the hub keeps at most ${this.limits.sites} sites`);
    const site: Site = {
      id: input.id ?? randomUUID(),
      name: name.value,
      timeZone: zoneAsSpelled(input.timeZone),
      createdAtMs: this.now(),
    };
    if (!(await this.repo.createSite(site)))
      return { ok: false, code: "site.exists", reason: `a site ${site.id} exists` };
    return { ok: true, value: site };
  }

  async listSites(actor: Actor): Promise<Site[]> {
    return this.repo.listSites(visibleSites(actor));
  }

  /** Puts a hosted lock under the hub's care on a site (its id is the host's id). */
  async addLock(
    actor: Actor,
    input: { lockId: string; siteId: string; name?: string },
  ): Promise<Outcome<HubLock>> {
    const allowed = this.check(actor, "lock.write", { siteId: input.siteId });
    if (!allowed.ok) return allowed;
    if (!(await this.repo.getSite(input.siteId))) return notFound("site");
    const view = this.source.view(input.lockId);
    if (!view)
      return {
        ok: false,
        code: "lock.not-found",
        reason: `the host has no lock ${String(input.lockId).slice(0, 64)}`,
      };
    const name = checkName(input.name ?? view.name);
    if (!name.ok) return name;
    const lock: HubLock = { id: view.id, siteId: input.siteId, name: name.value, addedAtMs: this.now() };
    if (!(await this.repo.addLock(lock))) {
      const known = await this.repo.getLockRecord(lock.id);
      if (known && known.unmanagedAtMs != null) return unmanagedLock(lock.id);
      return { ok: false, code: "lock.exists", reason: `the hub already manages ${lock.id}` };
    }
    await this.repo.updateSyncState(lock.id, { paired: view.paired });
    this.watchLock(lock.id);
    this.emit({ type: "lock", lockId: lock.id, siteId: lock.siteId, change: "added" });
    return { ok: true, value: lock };
  }

  /**
   * Renames a lock under the hub's care (the hub's name for it; the lock itself holds none):
   * `null` gives back the host's name, as when it was added without one.
   */
  async renameLock(actor: Actor, lockId: string, name: string | null): Promise<Outcome<HubLock>> {
    const lock = await this.repo.getLockRecord(lockId);
    if (!lock) return notFound("lock");
    const allowed = this.check(actor, "lock.write", { siteId: lock.siteId });
    if (!allowed.ok) return allowed;
    if (lock.unmanagedAtMs != null) return unmanagedLock(lockId);
    const checked = checkName(name ?? this.source.view(lockId)?.name ?? lock.name);
    if (!checked.ok) return checked;
    if (!(await this.repo.renameLock(lockId, checked.value))) return notFound("lock");
    this.emit({ type: "lock", lockId, siteId: lock.siteId, change: "renamed" });
    return { ok: true, value: { ...lock, name: checked.value } };
  }

  /** The locks under the hub's care the actor sees; `managed: false`, the ones taken off it. */
  async listLocks(actor: Actor, managed = true): Promise<Outcome<HubLockSummary[]>> {
    const allowed = this.check(actor, "lock.read");
    if (!allowed.ok) return allowed;
    const locks = await this.repo.listLocks(visibleSites(actor), managed);
    const out: HubLockSummary[] = [];
    for (const lock of locks) out.push(await this.summary(lock));
    return { ok: true, value: out };
  }

  /**
   * One lock under the hub's care. One taken off it is refused with `lock.unmanaged` (every
   * command, code and setting aimed at it), unless `includeUnmanaged` (reading it, bringing it back).
   */
  async getLock(
    actor: Actor,
    lockId: string,
    options: { includeUnmanaged?: boolean } = {},
  ): Promise<Outcome<HubLockSummary>> {
    const lock = await this.repo.getLockRecord(lockId);
    if (!lock) return notFound("lock");
    const allowed = this.check(actor, "lock.read", { siteId: lock.siteId });
    if (!allowed.ok) return allowed;
    if (lock.unmanagedAtMs != null && !options.includeUnmanaged) return unmanagedLock(lockId);
    return { ok: true, value: await this.summary(lock) };
  }

  /**
   * Takes a lock off the hub's care (`managed: false`, Seam's unmanaged device) or brings it
   * back (`true`): owners, and managers of its site (`lock.write`). Taking it off deletes every
   * code the hub holds on it (or, out of reach, leaves them `removed` saying so), closes its
   * open alerts, stops listening to it and records who did it; it then leaves `GET /locks`
   * and no sync visits it. Brought back, it is a lock at its first visit. Asking for the state
   * it is in already changes nothing and answers the same.
   */
  async setLockManaged(actor: Actor, lockId: string, managed: boolean): Promise<Outcome<HubLockSummary>> {
    const lock = await this.repo.getLockRecord(lockId);
    if (!lock) return notFound("lock");
    const allowed = this.check(actor, "lock.write", { siteId: lock.siteId });
    if (!allowed.ok) return allowed;
    const changed = await this.syncer.serialize(lockId, () =>
      managed ? this.syncer.bringBack(lock, actor.id) : this.syncer.takeOff(lock, actor.id),
    );
    if (changed) {
      if (managed) this.watchLock(lockId);
      else {
        this.linkSubscriptions.get(lockId)?.();
        this.linkSubscriptions.delete(lockId);
      }
      this.emit({ type: "lock", lockId, siteId: lock.siteId, change: managed ? "managed" : "unmanaged" });
    }
    const now = await this.repo.getLockRecord(lockId);
    return now ? { ok: true, value: await this.summary(now) } : notFound("lock");
  }

  private async summary(lock: HubLock): Promise<HubLockSummary> {
    const sync = await this.repo.getSyncState(lock.id);
    const view = this.source.view(lock.id);
    return {
      lock,
      view,
      paired: sync?.paired ?? false,
      hostRemovedAtMs: sync?.hostRemovedAtMs ?? null,
      unmanaged: await this.repo.listUnmanaged(lock.id),
      firmware: await this.firmware.lockFirmware(lock.id, view?.profileId),
    };
  }

  // ---- access codes -----------------------------------------------------------------------

  async createAccessCode(actor: Actor, input: NewAccessCode): Promise<Outcome<AccessCodeView>> {
    const name = checkName(input.name);
    if (!name.ok) return name;
    if (
      !Array.isArray(input.lockIds) ||
      input.lockIds.length === 0 ||
      input.lockIds.length > MAX_LOCKS_PER_CODE
    ) {
      return {
        ok: false,
        code: "request.invalid",
        reason: `lock_ids names 1 to ${MAX_LOCKS_PER_CODE} locks`,
      };
    }
    const lockIds = [...new Set(input.lockIds)];
    if (lockIds.some((id) => typeof id !== "string" || id.length === 0 || id.length > 64)) {
      return { ok: false, code: "request.invalid", reason: "lock ids are 1–64 characters" };
    }
    const found = new Map((await this.repo.getLocks(lockIds, true)).map((l) => [l.id, l]));
    const missing = lockIds.find((id) => !found.has(id));
    if (missing !== undefined)
      return { ok: false, code: "lock.not-found", reason: `the hub manages no lock ${missing}` };
    const offCare = lockIds.find((id) => found.get(id)?.unmanagedAtMs != null);
    if (offCare !== undefined) return unmanagedLock(offCare);
    const locks = lockIds.map((id) => found.get(id) as HubLock);
    const siteId = locks[0]!.siteId;
    if (locks.some((l) => l.siteId !== siteId)) {
      return {
        ok: false,
        code: "code.sites",
        reason: "one access code covers locks of one site; use common_code_key to share digits across sites",
      };
    }
    const allowed = this.check(actor, "code.write", { siteId });
    if (!allowed.ok) return allowed;
    const site = await this.repo.getSite(siteId);
    if (!site) return notFound("site");
    if (input.personId !== undefined) {
      const person = await this.repo.getPerson(input.personId);
      if (!person) return notFound("person");
      if (person.revokedAtMs)
        return { ok: false, code: "person.revoked", reason: "the person's access was revoked" };
    }
    if (
      input.commonCodeKey !== undefined &&
      (typeof input.commonCodeKey !== "string" ||
        input.commonCodeKey.length === 0 ||
        input.commonCodeKey.length > 100)
    ) {
      return { ok: false, code: "request.invalid", reason: "common_code_key is 1–100 characters" };
    }
    if (input.commonCodeKey !== undefined) {
      // The key's digits come back in the answer: a manager may take them only from a site they
      // manage (a key shared with one of theirs names digits they already see).
      const seen = visibleSites(actor);
      const keySites = seen === "all" ? [] : await this.repo.commonCodeKeySites(input.commonCodeKey);
      if (seen !== "all" && keySites.length > 0 && !keySites.some((s) => seen.includes(s)))
        return forbidden("common_code_key names codes on a site you do not manage");
    }
    const now = this.now();
    const times = checkTimes(input, site.timeZone, now);
    if (!times.ok) return times;

    let code: string;
    let generated = false;
    const shared =
      input.commonCodeKey === undefined
        ? undefined
        : await this.repo.findCodeByCommonKey(input.commonCodeKey);
    if (input.code !== undefined) {
      const digits = checkDigits(input.code);
      if (!digits.ok) return digits;
      if (shared !== undefined && shared !== digits.value) {
        return {
          ok: false,
          code: "code.common-key",
          reason: "common_code_key already names different digits; leave code out to reuse them",
        };
      }
      code = digits.value;
    } else if (shared !== undefined) {
      code = shared;
    } else {
      const made = await this.drawCode(
        locks.map((l) => l.id),
        now,
        input.preferredCodeLength,
      );
      if (!made.ok) return made;
      code = made.value;
      generated = true;
    }
    if (!generated) {
      // B-CODE-2: digits a target lock is known not to take (chosen, or a common_code_key's) are
      // refused here, not sent to fail at the lock.
      for (const lock of locks) {
        const rules = this.source.view(lock.id)?.codeRules;
        if (rules && (code.length < rules.minLength || code.length > rules.maxLength)) {
          const whose =
            input.code === undefined
              ? `common_code_key ${input.commonCodeKey ?? ""}'s digits have`
              : "this one has";
          return {
            ok: false,
            code: "code.length",
            reason: `${lock.id} takes codes of ${rules.minLength} to ${rules.maxLength} digits; ${whose} ${code.length}`,
          };
        }
      }
    }
    const warnings: Issue[] = weakCodeWarnings(code, {
      nowYear: new Date(now).getUTCFullYear(),
      reusedOnSites: await this.sitesReusing(actor, code, siteId),
    });
    const accessCode: AccessCode = {
      id: randomUUID(),
      name: name.value,
      code,
      generated,
      personId: input.personId ?? null,
      commonCodeKey: input.commonCodeKey ?? null,
      siteId,
      lockIds,
      ...times.value,
      usesCount: 0,
      createdAtMs: now,
      deletedAtMs: null,
      warnings,
    };
    await this.repo.createAccessCode(accessCode, now, {
      atMs: now,
      siteId,
      lockId: null,
      personId: accessCode.personId,
      accessCodeId: accessCode.id,
      kind: "access-code.created",
      source: `person:${actor.id}`,
      slot: null,
      detail: name.value,
    });
    return { ok: true, value: { accessCode, locks: await this.repo.listLockCodesFor([accessCode.id]) } };
  }

  /** Digits of live codes the hub has on (or is sending to) a lock, but for `exceptId`'s. */
  /** Digits the hub would choose for a new code on these locks (B-CODE-2, B-CODE-4, B-CODE-9). */
  private async drawCode(
    lockIds: readonly string[],
    now: number,
    preferredLength: number | undefined,
  ): Promise<Outcome<string>> {
    return generateCode(await this.codeRulesOf(lockIds, now), {
      ...(preferredLength === undefined ? {} : { preferredLength }),
      ...(this.random ? { random: this.random } : {}),
    });
  }

  /**
   * Digits the hub would choose for a new code on one lock, now (Seam's
   * `access_codes/generate_code`): the same draw as a code made without digits, for a person who
   * may make codes there. Nothing is made or kept: the digits are only a suggestion, and a code
   * made with them later is checked then like any chosen code.
   */
  async suggestCode(actor: Actor, lockId: string, preferredLength?: number): Promise<Outcome<string>> {
    const lock = await this.repo.getLock(lockId);
    if (!lock) return notFound("lock");
    const allowed = this.check(actor, "code.write", { siteId: lock.siteId });
    if (!allowed.ok) return allowed;
    return this.drawCode([lock.id], this.now(), preferredLength);
  }

  private async codesOnLock(lockId: string, now: number, exceptId?: string): Promise<string[]> {
    const codes = await this.repo.listAccessCodes({ lockId });
    return codes.filter((c) => c.id !== exceptId && codePhase(c, now) !== "after").map((c) => c.code);
  }

  /** Each lock's rules for a code the hub draws (B-CODE-2, B-CODE-4), with what it refused before. */
  private async codeRulesOf(
    lockIds: readonly string[],
    now: number,
    options: { exceptId?: string; refused?: readonly string[] } = {},
  ): Promise<LockCodeRules[]> {
    const rules: LockCodeRules[] = [];
    for (const lockId of lockIds) {
      const view = this.source.view(lockId);
      const refusedPrefixes = (options.refused ?? [])
        .filter((r) => r.startsWith(`${lockId}:`))
        .map((r) => r.slice(lockId.length + 1));
      rules.push({
        lockId,
        minLength: view?.codeRules.minLength ?? 4,
        maxLength: view?.codeRules.maxLength ?? 8,
        uniquePrefixDigits:
          view?.codeRules.uniquePrefixDigits === undefined
            ? DEFAULT_UNIQUE_PREFIX_DIGITS
            : view.codeRules.uniquePrefixDigits,
        takenCodes: await this.codesOnLock(lockId, now, options.exceptId),
        refusedPrefixes,
      });
    }
    return rules;
  }

  /**
   * A lock refused a generated code's digits (a keypad code or the programming code the hub
   * cannot know shares its first four): new digits that every target lock takes and that
   * avoid every prefix its locks refused so far, at most MAX_REGENERATIONS times. Codes a
   * person chose are never changed: theirs stays `failed` with the lock's reason.
   */
  private async regenerate(
    accessCodeId: string,
    lockId: string,
    refusedCode: string,
  ): Promise<{ rows: LockCodeState[] } | { exhausted: number } | null> {
    const code = await this.repo.getAccessCode(accessCodeId);
    if (!code || !code.generated || code.deletedAtMs !== null || code.code !== refusedCode) return null;
    const past = await this.repo.regenerationsOf(accessCodeId);
    if (past.count >= MAX_REGENERATIONS) return { exhausted: past.count };
    const now = this.now();
    const view = this.source.view(lockId);
    const prefixDigits =
      view?.codeRules.uniquePrefixDigits === undefined
        ? DEFAULT_UNIQUE_PREFIX_DIGITS
        : (view.codeRules.uniquePrefixDigits ?? refusedCode.length);
    const refused = [...new Set([...past.refused, `${lockId}:${refusedCode.slice(0, prefixDigits)}`])].slice(
      -200,
    );
    const made = generateCode(await this.codeRulesOf(code.lockIds, now, { exceptId: code.id, refused }), {
      preferredLength: code.code.length,
      ...(this.random ? { random: this.random } : {}),
    });
    if (!made.ok) return null;
    // The owner's name for the lock, as everywhere a person reads ("Front door", not its id).
    const lockName = (await this.repo.getLock(lockId))?.name ?? lockId;
    const warning: Issue = {
      code: "code.regenerated",
      message: `${lockName} refused the generated digits (they clash with a code the hub cannot see); the hub chose new ones (${past.count + 1} of ${MAX_REGENERATIONS})`,
    };
    const changed = await this.repo.regenerateAccessCode(
      accessCodeId,
      {
        oldCode: refusedCode,
        newCode: made.value,
        refused,
        warning,
        codeWarnings: [...code.warnings.filter((w) => w.code !== "code.regenerated"), warning],
      },
      now,
    );
    if (!changed) return null;
    await this.repo.appendEvent({
      atMs: now,
      siteId: code.siteId,
      lockId,
      personId: code.personId,
      accessCodeId,
      kind: "access-code.regenerated",
      source: "hub",
      slot: null,
      detail: warning.message,
    });
    return { rows: await this.repo.listLockCodesFor([accessCodeId]) };
  }

  private async visibleCode(actor: Actor, id: string): Promise<Outcome<AccessCode>> {
    const code = typeof id === "string" && id.length <= 64 ? await this.repo.getAccessCode(id) : undefined;
    if (!code) return notFound("access_code");
    const allowed = this.check(actor, "code.read", { siteId: code.siteId, personId: code.personId });
    if (!allowed.ok) return actor.role === "guest" ? notFound("access_code") : allowed;
    return { ok: true, value: code };
  }

  async getAccessCode(actor: Actor, id: string): Promise<Outcome<AccessCodeView>> {
    const code = await this.visibleCode(actor, id);
    if (!code.ok) return code;
    const view = { accessCode: code.value, locks: await this.repo.listLockCodesFor([id]) };
    // A guest reads their own code but not its digits (B-SEC-4).
    return { ok: true, value: codeAsShownTo(actor, view) };
  }

  async listAccessCodes(
    actor: Actor,
    filter: {
      lockId?: string;
      personId?: string;
      limit?: number;
      after?: { createdAtMs: number; id: string };
    } = {},
  ): Promise<Outcome<AccessCodeView[]>> {
    const allowed = this.check(actor, "code.read");
    if (!allowed.ok) return allowed;
    const sites = visibleSites(actor);
    const codes = await this.repo.listAccessCodes({
      ...(sites === "all" || actor.role === "guest" ? {} : { siteIds: sites }),
      ...(actor.role === "guest"
        ? { personId: actor.id }
        : filter.personId === undefined
          ? {}
          : { personId: filter.personId }),
      ...(filter.lockId === undefined ? {} : { lockId: filter.lockId }),
      ...(filter.limit === undefined ? {} : { limit: filter.limit }),
      ...(filter.after === undefined ? {} : { after: filter.after }),
    });
    const rows = await this.repo.listLockCodesFor(codes.map((c) => c.id));
    return {
      ok: true,
      value: codes.map((c) =>
        codeAsShownTo(actor, { accessCode: c, locks: rows.filter((r) => r.accessCodeId === c.id) }),
      ),
    };
  }

  /** Deletes a code: its locks lose it as soon as they can (status `removing`, then `removed`). */
  async deleteAccessCode(actor: Actor, id: string): Promise<Outcome<AccessCodeView>> {
    const code = await this.visibleCode(actor, id);
    if (!code.ok) return code;
    const allowed = this.check(actor, "code.write", { siteId: code.value.siteId });
    if (!allowed.ok) return allowed;
    const now = this.now();
    if (!(await this.repo.deleteAccessCode(id, now)))
      return { ok: false, code: "access_code.deleted", reason: "the code is already deleted" };
    // A refusal to take a code nobody wants any more needs no one's attention.
    await this.repo.resolveCodeAlerts(id, now);
    await this.repo.appendEvent({
      atMs: now,
      siteId: code.value.siteId,
      lockId: null,
      personId: code.value.personId,
      accessCodeId: id,
      kind: "access-code.deleted",
      source: `person:${actor.id}`,
      slot: null,
      detail: null,
    });
    return this.getAccessCode(actor, id);
  }

  /** Tries a failed code again on its locks (after the person freed a slot or changed the lock). */
  async retryAccessCode(actor: Actor, id: string): Promise<Outcome<AccessCodeView>> {
    const code = await this.visibleCode(actor, id);
    if (!code.ok) return code;
    const allowed = this.check(actor, "code.write", { siteId: code.value.siteId });
    if (!allowed.ok) return allowed;
    const now = this.now();
    for (const row of await this.repo.listLockCodesFor([id])) {
      if (row.status !== "failed") continue;
      // The person acted on the alert; a new refusal raises a new one.
      await this.repo.resolveCodeAlerts(id, now, { lockId: row.lockId });
      await this.repo.saveLockCode({
        ...row,
        status: "setting",
        errors: [],
        attempts: 0,
        nextAttemptAtMs: null,
        updatedAtMs: now,
      });
    }
    await this.repo.markDue(code.value.lockIds, now);
    return this.getAccessCode(actor, id);
  }

  /**
   * Adopts a code typed in at the keypad: the lock never reveals digits, so the person gives
   * them; the hub then writes them to the same slot and manages the code from there on.
   */
  /**
   * Other sites whose live codes use these digits (`code.reused-across-sites`), of the sites the
   * actor sees: a manager is not told, one try at a time, which digits another site's doors take.
   */
  async sitesReusing(actor: Actor, code: string, siteId: string): Promise<string[]> {
    const seen = visibleSites(actor);
    const sites = (await this.repo.findAccessCodesByDigits(code))
      .map((c) => c.siteId)
      .filter((s) => s !== siteId && (seen === "all" || seen.includes(s)));
    return [...new Set(sites)];
  }

  async adoptUnmanaged(
    actor: Actor,
    lockId: string,
    slot: number,
    input: { name: string; code: string; personId?: string },
  ): Promise<Outcome<AccessCodeView>> {
    const lock = await this.repo.getLockRecord(lockId);
    if (!lock) return notFound("lock");
    const allowed = this.check(actor, "code.write", { siteId: lock.siteId });
    if (!allowed.ok) return allowed;
    if (lock.unmanagedAtMs != null) return unmanagedLock(lockId);
    const unmanaged = (await this.repo.listUnmanaged(lockId)).find((u) => u.slot === slot);
    if (!unmanaged)
      return {
        ok: false,
        code: "code.not-unmanaged",
        reason: `slot ${slot} of ${lockId} holds no unmanaged code`,
      };
    const digits = checkDigits(input.code);
    if (!digits.ok) return digits;
    const name = checkName(input.name);
    if (!name.ok) return name;
    if (input.personId !== undefined) {
      const person = await this.repo.getPerson(input.personId);
      if (!person) return notFound("person");
      if (person.revokedAtMs)
        return { ok: false, code: "person.revoked", reason: "the person's access was revoked" };
    }
    const now = this.now();
    const accessCode: AccessCode = {
      id: randomUUID(),
      name: name.value,
      code: digits.value,
      generated: false,
      personId: input.personId ?? null,
      commonCodeKey: null,
      siteId: lock.siteId,
      lockIds: [lockId],
      startsAtMs: null,
      endsAtMs: null,
      weekly: null,
      maxUses: null,
      usesCount: 0,
      leadTimeMs: 0,
      createdAtMs: now,
      deletedAtMs: null,
      warnings: weakCodeWarnings(digits.value, { nowYear: new Date(now).getUTCFullYear() }),
    };
    await this.repo.createAccessCode(accessCode, now);
    const [row] = await this.repo.listLockCodesFor([accessCode.id]);
    if (row) await this.repo.saveLockCode({ ...row, slot, updatedAtMs: now });
    await this.repo.deleteUnmanaged(lockId, slot);
    await this.repo.appendEvent({
      atMs: now,
      siteId: lock.siteId,
      lockId,
      personId: accessCode.personId,
      accessCodeId: accessCode.id,
      kind: "access-code.adopted",
      source: `person:${actor.id}`,
      slot,
      detail: null,
    });
    return this.getAccessCode(actor, accessCode.id);
  }

  // ---- webhooks -------------------------------------------------------------------------------

  async addWebhook(
    actor: Actor,
    url: string,
    kinds: readonly string[] = [],
  ): Promise<Outcome<{ webhook: Webhook; secret: string }>> {
    const allowed = this.check(actor, "webhook.write");
    if (!allowed.ok) return allowed;
    return this.webhooks.add(url, kinds);
  }

  async listWebhooks(actor: Actor): Promise<Outcome<Webhook[]>> {
    const allowed = this.check(actor, "webhook.write");
    if (!allowed.ok) return allowed;
    return { ok: true, value: await this.webhooks.list() };
  }

  async removeWebhook(actor: Actor, id: string): Promise<Outcome<void>> {
    const allowed = this.check(actor, "webhook.write");
    if (!allowed.ok) return allowed;
    return (await this.webhooks.remove(id)) ? { ok: true, value: undefined } : notFound("webhook");
  }

  async webhookDeliveries(actor: Actor, id: string): Promise<Outcome<Delivery[]>> {
    const allowed = this.check(actor, "webhook.write");
    if (!allowed.ok) return allowed;
    if (!(await this.webhooks.list()).some((w) => w.id === id)) return notFound("webhook");
    return { ok: true, value: await this.webhooks.deliveries(id) };
  }

  // ---- history and alerts ---------------------------------------------------------------------

  async listEvents(
    actor: Actor,
    filter: {
      lockId?: string;
      personId?: string;
      id?: number;
      kinds?: readonly string[];
      fromMs?: number;
      untilMs?: number;
      limit?: number;
      beforeId?: number;
    } = {},
  ): Promise<Outcome<HubEvent[]>> {
    const allowed = this.check(actor, "history.read");
    if (!allowed.ok) return allowed;
    const sites = visibleSites(actor);
    return {
      ok: true,
      value: await this.repo.listEvents({
        ...(sites === "all" ? {} : { siteIds: sites }),
        ...(filter.lockId === undefined ? {} : { lockIds: [filter.lockId] }),
        ...(filter.personId === undefined ? {} : { personId: filter.personId }),
        ...(filter.id === undefined ? {} : { id: filter.id }),
        ...(filter.kinds === undefined ? {} : { kinds: filter.kinds }),
        ...(filter.fromMs === undefined ? {} : { fromMs: filter.fromMs }),
        ...(filter.untilMs === undefined ? {} : { untilMs: filter.untilMs }),
        ...(filter.beforeId === undefined ? {} : { beforeId: filter.beforeId }),
        ...(filter.limit === undefined ? {} : { limit: filter.limit }),
      }),
    };
  }

  async listAlerts(
    actor: Actor,
    openOnly = true,
    filter: {
      lockId?: string;
      id?: number;
      kinds?: readonly string[];
      beforeId?: number;
      limit?: number;
    } = {},
  ): Promise<Outcome<Alert[]>> {
    const allowed = this.check(actor, "alert.read");
    if (!allowed.ok) return allowed;
    const sites = visibleSites(actor);
    return {
      ok: true,
      value: await this.repo.listAlerts({
        openOnly,
        ...filter,
        ...(sites === "all" ? {} : { siteIds: sites }),
      }),
    };
  }
}

/** Seam-style summary of a code's rows: `set` only when every lock acknowledged it. */
export function overallStatus(rows: readonly LockCodeState[]): LockCodeState["status"] {
  if (rows.length === 0) return "removed";
  if (rows.some((r) => r.status === "failed")) return "failed";
  if (rows.some((r) => r.status === "removing")) return "removing";
  if (rows.some((r) => r.status === "setting")) return "setting";
  if (rows.every((r) => r.status === "removed")) return "removed";
  return "set";
}
