/**
 * One lock of a fleet living its days: a real `LockTwin` with its firmware, its household
 * (or guests), its door and climate, faults that come and get fixed, and packs that run down
 * and get changed. Each day: the owner's chores in the morning (fixes, a new pack, a guest's
 * code), then the day's passages through the door, each done through the twin key by key.
 * Time jumps from one moment to the next (the twin integrates its pack lazily); nothing
 * runs per simulated second.
 */
import type { RadioReport } from "../../core/radio-types.ts";
import type { LockProfile } from "../../core/profile-types.ts";
import type { FaultId } from "../fault-ids.ts";
import type { PackKind } from "../battery-pack.ts";
import type { LockTwin } from "../lock-twin.ts";
import type { Person } from "../person.ts";
import type { SeededRandom } from "../seeded-random.ts";
import { MISALIGNED_STRIKE_N, injectFault } from "../faults.ts";
import { applyFix } from "../fixes.ts";
import { REPAIR_FOR } from "../fault-repairs.ts";
import type { Climate } from "./seasons.ts";
import { DAY_MS, DOOR_SWELLING, HOUR_MS, outdoorTemperatureC, swellingStrikeN } from "./seasons.ts";
import type { UsageModel } from "./usage-model.ts";
import type { Passage } from "./day-plan.ts";
import { householdDay, rentalDay } from "./day-plan.ts";
import type { FleetTally } from "./fleet-tally.ts";
import type { FailureCause } from "./failure-cause.ts";
import { BATTERY_CAUSES } from "./failure-cause.ts";
import type { Caller, DoorContext, DoorWatcher, Goal } from "./door-operations.ts";
import { alreadyDone, finishByHand, operate, slipped } from "./door-operations.ts";
import { FAULT_RATES, NOTICE_QUIET_FAULT_DAYS, REPAIR_DAYS, TOTAL_FAULT_RATE } from "./fault-rates.ts";
import { PackWatch, drawPatienceDays } from "./battery-log.ts";
import { GuestBook } from "./guest-stays.ts";
import type { Stay } from "./guest-stays.ts";
import {
  chance,
  daysIn,
  exponentialDays,
  householdRandom,
  inRange,
  lockSeed,
  pickWeighted,
} from "./draws.ts";
import { drawCode, readyFleetTwin } from "./ready-twin.ts";

/** How the doors of a fleet fit: swelling with the seasons, always aligned, or off by a fixed strike friction (N). */
export type DoorFit = "seasonal" | "aligned" | { readonly strikeN: number };

/** What every lock of a fleet shares. */
export interface FleetConditions {
  readonly profile: LockProfile;
  readonly usage: UsageModel;
  readonly climate: Climate;
  /** The pack that goes in, first and at every change. */
  readonly pack: PackKind;
  /** Faults appear by FAULT_RATES (off for calibration). */
  readonly faults: boolean;
  readonly doors: DoorFit;
  /** False: every owner runs each pack to the end (the battery-life calibration). */
  readonly ownersHeedWarnings: boolean;
  /** Lock time of the first day's midnight, and that day's place in the year (0 = 1 January). */
  readonly startMs: number;
  readonly startDayOfYear: number;
  readonly fleetSeed: number;
}

/** The owner's chores happen at 06:30, before the day's first passage. */
const CHORES_MS = 6.5 * HOUR_MS;
/** Door open while a person goes through, and the wait for auto-lock (30 s) to have done its run. */
const DOOR_OPEN_MS = 5_000;
const AUTO_LOCK_WAIT_MS = 45_000;
/** A guest locked out of a rental waits this long for the host and the key. */
const HOST_COMES_MS = 30 * 60_000;
const FAULT_WEIGHTS = FAULT_RATES.map((f) => f.perLockYear);
/** Slots: the household's code, a guest's, the cleaner's. */
const SLOT = { household: 1, guest: 2, cleaner: 3 } as const;

interface ActiveFault {
  readonly id: FaultId;
  noticedDay: number | null;
  fixDay: number | null;
}

export class FleetLock implements DoorContext, DoorWatcher {
  readonly twin: LockTwin;
  readonly rng: SeededRandom;
  readonly tally: FleetTally;
  /** The lock is its own watcher (a getter: no field per lock). */
  get watcher(): DoorWatcher {
    return this;
  }
  private readonly c: FleetConditions;
  private readonly person: Person;
  private readonly household: Caller;
  private readonly cleanerCode: string | null;
  private readonly autoLock: boolean;
  private readonly offsetC: number;
  private readonly swellPeakN: number;
  private readonly fixedStrikeN: number;
  private readonly patienceDays: number;
  private readonly guests: GuestBook | null;
  private pack: PackWatch;
  /** Faults present now; most locks have none and share one empty list (issue 17: ≤ 4 KB a lock). */
  private faults: readonly ActiveFault[] = NO_FAULTS;
  private nextFaultDay: number;
  /**
   * Strike friction the owner's last adjustment took out of a swollen door; lost when the season
   * turns. Starts as -0, a double (equal to 0 in every sum and comparison here): a field first
   * given the small integer 0 changes V8's hidden class for every FleetLock when it first holds
   * a fraction, and the optimised code of all that reads a fleet lock is thrown away (issue 17).
   */
  private strikeAdjustN = -0;
  private seasonalStrikeFixDay: number | null = null;
  private day = 0;

  constructor(index: number, c: FleetConditions, tally: FleetTally) {
    this.c = c;
    this.tally = tally;
    const rng = householdRandom(c.fleetSeed, index);
    this.rng = rng;
    const code = drawCode(c.profile, rng, []);
    this.cleanerCode = c.usage.guests ? drawCode(c.profile, rng, [code]) : null;
    this.person = {
      code,
      slot: SLOT.household,
      ...(c.profile.codes.defaultProgrammingCode
        ? { programmingCode: c.profile.codes.defaultProgrammingCode }
        : {}),
    };
    this.household = {
      typed: code,
      refusedAs: "wrong-code",
      mistakeShare: c.usage.mistakeShare,
      tries: 3,
      hasKey: true,
    };
    this.autoLock = chance(rng, c.usage.autoLockShare);
    this.offsetC = c.climate.spreadC > 0 ? inRange(rng, [-c.climate.spreadC, c.climate.spreadC]) : 0;
    this.swellPeakN = c.doors === "seasonal" ? drawSwelling(rng) : 0;
    this.fixedStrikeN = typeof c.doors === "object" ? c.doors.strikeN : 0;
    this.patienceDays = drawPatienceDays(rng, c.ownersHeedWarnings);
    this.nextFaultDay = c.faults ? exponentialDays(rng, TOTAL_FAULT_RATE) : Infinity;
    this.guests = c.usage.guests ? new GuestBook(c.usage.guests, rng) : null;
    const codes = [
      { code, slot: SLOT.household },
      ...(this.cleanerCode ? [{ code: this.cleanerCode, slot: SLOT.cleaner }] : []),
    ];
    this.twin = readyFleetTwin({
      profile: c.profile,
      seed: lockSeed(c.fleetSeed, index, "twin"),
      startMs: c.startMs,
      temperatureC: this.temperatureAt(0, 0),
      codes,
      autoLock: this.autoLock,
      pack: c.pack,
    });
    this.pack = new PackWatch(0);
    this.updateStrike(0);
  }

  /** One day of the lock's life. */
  runDay(day: number): void {
    this.day = day;
    this.goTo(CHORES_MS);
    this.updateStrike(day);
    this.faultsAppear(day);
    this.repairsDue(day);
    this.lookAtPack();
    this.changePackIfDue();
    let passages: readonly Passage[];
    if (this.guests) {
      const rentalToday = this.guests.startDay(day, this.rng);
      const arriving = rentalToday.checkIn ? this.guests.current : null;
      if (arriving) this.sendGuestCode(arriving);
      passages = rentalDay(this.rng, this.c.usage, rentalToday, arriving?.early ?? false);
    } else passages = householdDay(this.rng, this.c.usage);
    for (const p of passages) this.passage(p);
    this.tally.lockDays++;
    this.sleep();
  }

  /**
   * Night: what the lock holds is cut to what it needs until morning. Within a day the twin's
   * lists keep their capacity from passage to passage (no allocation per passage); overnight
   * they give it back, and the clock's queue too, so a fleet of idle locks holds only their
   * state (issue 17: ≤ 4 KB a lock).
   */
  private sleep(): void {
    const twin = this.twin;
    twin.signals.length = 0;
    twin.history.length = 0;
    twin.recentRadioReports.length = 0;
    twin.clock.compact();
  }

  /** The end of the run: the pack still in is counted, its life not yet over. */
  finish(): void {
    this.tally.pack(this.pack.life(null));
  }

  // ---- DoorWatcher: what the owner learns from the lock ----

  failed(cause: FailureCause): void {
    if (BATTERY_CAUSES.has(cause)) {
      this.pack.ended(this.day, this.rng);
      return;
    }
    const fault = this.faults.find((f) => f.id === cause);
    if (fault) this.notice(fault, this.day);
    else if (cause === "strike-misaligned" && this.seasonalStrikeFixDay === null) {
      // The swollen door of summer: seen as a fault of its own, fixed by adjusting the strike.
      this.tally.faultSeen("strike-misaligned");
      this.seasonalStrikeFixDay = this.day + daysIn(this.rng, REPAIR_DAYS["adjust-strike-plate"] ?? [2, 14]);
    }
  }

  stiff(): void {
    const dry = this.faults.find((f) => f.id === "bolt-dry");
    if (dry) this.notice(dry, this.day);
  }

  // ---- a passage through the door ----

  private passage(p: Passage): void {
    this.changePackIfDue();
    this.goTo(p.atMs);
    const caller = this.callerFor(p);
    if (p.way === "leave") {
      if (!this.inside("unlock")) return this.tidy(); // cannot get the bolt back: they stay in
      this.throughTheDoor();
      this.outsideLock(caller);
    } else {
      if (!this.outsideUnlock(caller, p)) return this.tidy();
      this.throughTheDoor();
      this.insideLock();
    }
    this.tidy();
  }

  private inside(goal: Goal): boolean {
    if (alreadyDone(this.twin, goal)) return true;
    if (operate(this, goal, "thumbturn", null) === null) return true;
    this.tally.undone++; // the thumbturn is already the hand
    return false;
  }

  private outsideLock(caller: Caller): void {
    const twin = this.twin;
    if (this.autoLock) {
      twin.advance(AUTO_LOCK_WAIT_MS);
      if (alreadyDone(twin, "lock")) return void this.tally.operation("auto-lock");
      if (operate(this, "lock", "auto-lock", null) === null) return;
      // They hear it fail: the key, or the lock button if they have none.
      if (!caller.hasKey && operate(this, "lock", "lock-button", caller) === null) return;
    } else {
      const byButton = !caller.hasKey || chance(this.rng, this.c.usage.lockButtonShare);
      if (operate(this, "lock", byButton ? "lock-button" : "key", caller) === null) return;
    }
    this.keyFromOutside("lock", caller);
  }

  /** The key from outside after a failure: theirs, or the host's, who comes to a stuck guest. */
  private keyFromOutside(goal: Goal, caller: Caller): boolean {
    if (!caller.hasKey) this.twin.advance(HOST_COMES_MS);
    return finishByHand(this, goal, true, true);
  }

  private insideLock(): void {
    const twin = this.twin;
    if (this.autoLock) {
      twin.advance(AUTO_LOCK_WAIT_MS);
      if (alreadyDone(twin, "lock")) return void this.tally.operation("auto-lock");
      if (operate(this, "lock", "auto-lock", null) !== null) finishByHand(this, "lock", false, true);
      return;
    }
    this.inside("lock");
  }

  /** From outside: a code (or the household's key); guests who are stuck get help from the host. */
  private outsideUnlock(caller: Caller, p: Passage): boolean {
    const twin = this.twin;
    if (alreadyDone(twin, "unlock")) return true;
    const byCode = p.who !== "household" || chance(this.rng, this.c.usage.codeShare);
    const cause = operate(this, "unlock", byCode ? "code" : "key", caller);
    if (cause === null) return true;
    if (p.who === "guest" && byCode && this.helpGuest(cause)) {
      const stay = this.guests?.current;
      if (stay && operate(this, "unlock", "code", this.guestCaller(stay), false) === null) return true;
    }
    return this.keyFromOutside("unlock", caller);
  }

  /** The host's help for a guest whose code did not work; true when a second try makes sense. */
  private helpGuest(cause: FailureCause): boolean {
    const stay = this.guests?.current;
    if (!stay) return false;
    const twin = this.twin;
    if (cause === "radio-offline" || !stay.codeSet) {
      const down = this.faults.find((f) => f.id === "radio-offline");
      if (down) this.fix(down);
      this.sendGuestCode(stay);
    } else if (cause === "code-expired") {
      this.goTo((this.c.usage.guests?.checkInHour ?? 15) * HOUR_MS + 60_000); // they wait for check-in
    } else if (stay.confused)
      stay.confused = false; // the host reads them the right code
    else if (cause !== "wrong-code" && cause !== "keypad-lockout") return false;
    const until = twin.powered ? twin.firmware.state.lockedOutUntilMs : null;
    if (until !== null) twin.advance(until - twin.clock.nowMs + 1_000); // B-SEC-1: they wait it out
    return stay.codeSet;
  }

  private throughTheDoor(): void {
    const twin = this.twin;
    twin.setDoor(false);
    twin.advance(DOOR_OPEN_MS);
    twin.setDoor(true);
    twin.advance(2_000);
  }

  /** Clears what the twin keeps of the passage (signals, history, reports), and looks at the pack. */
  private tidy(): void {
    const twin = this.twin;
    emptyKeepingCapacity(twin.signals);
    emptyKeepingCapacity(twin.history);
    emptyKeepingCapacity(twin.recentRadioReports);
    this.lookAtPack();
  }

  private callerFor(p: Passage): Caller {
    if (p.who === "household") return this.household;
    if (p.who === "cleaner" && this.cleanerCode)
      return { ...this.household, typed: this.cleanerCode, hasKey: false };
    const leaving = p.way === "leave" ? this.guests?.leaving(this.day) : null;
    const stay = leaving ?? this.guests?.current;
    return stay ? this.guestCaller(stay) : { ...this.household, hasKey: false };
  }

  private guestCaller(stay: Stay): Caller {
    const g = this.c.usage.guests;
    const code = stay.code ?? "0000";
    const early =
      this.day === stay.checkInDay && this.twin.clock.nowMs < this.dayMs + (g?.checkInHour ?? 15) * HOUR_MS;
    return {
      typed: stay.confused ? slipped(code, this.rng) : code,
      refusedAs: !stay.codeSet ? "radio-offline" : early ? "code-expired" : "wrong-code",
      mistakeShare: this.c.usage.mistakeShare,
      tries: stay.confused ? (g?.triesBeforeCalling ?? 3) : 3,
      hasKey: false,
    };
  }

  /** The host sends the guest's code for the stay's window (B-CODE-8) over the radio. */
  private sendGuestCode(stay: Stay): void {
    const g = this.c.usage.guests;
    if (!g) return;
    const taken = [this.household.typed, ...(this.cleanerCode ? [this.cleanerCode] : [])];
    const dayMs = (d: number): number => this.c.startMs + d * DAY_MS;
    for (let attempt = 0; attempt < 5 && !stay.codeSet; attempt++) {
      stay.code ??= drawCode(this.c.profile, this.rng, taken, 4 + this.rng.int(3));
      let answer: RadioReport | undefined;
      const stop = this.twin.onRadioReport((r) => {
        if (r.type === "result") answer = r;
      });
      const sent = this.twin.send({
        type: "setCode",
        slot: SLOT.guest,
        code: stay.code,
        validFromMs: dayMs(stay.checkInDay) + g.checkInHour * HOUR_MS,
        validUntilMs: dayMs(stay.checkOutDay) + g.checkOutHour * HOUR_MS,
      });
      stop();
      if (!sent.sent) return; // the radio is down: the guest will find out
      if (answer?.type === "result" && answer.requestId === sent.requestId && answer.ok) stay.codeSet = true;
      else stay.code = null; // refused (B-CODE-4): choose another
    }
  }

  // ---- the owner's chores ----

  private faultsAppear(day: number): void {
    while (this.nextFaultDay < day + 1) {
      const rate = FAULT_RATES[pickWeighted(this.rng, FAULT_WEIGHTS)];
      this.nextFaultDay += exponentialDays(this.rng, TOTAL_FAULT_RATE);
      if (!rate || this.faults.some((f) => f.id === rate.fault)) continue;
      if (!injectFault(this.twin, rate.fault, this.person).ok) continue; // not on this model
      this.tally.faultSeen(rate.fault);
      const fault: ActiveFault = { id: rate.fault, noticedDay: null, fixDay: null };
      this.faults = [...this.faults, fault];
      if (!REPAIR_FOR[rate.fault].stopsTheLock)
        this.notice(fault, day + daysIn(this.rng, NOTICE_QUIET_FAULT_DAYS));
    }
    this.updateStrike(day);
  }

  /**
   * The owner notices a fault on this day, unless they have already. A quiet fault is given a
   * day weeks ahead when it appears; a failure it causes, or a dry bolt's stiff thumbturn, brings
   * that day forward to now (docs/twin.md) — a kept later day left a dry bolt failing for weeks.
   */
  private notice(fault: ActiveFault, day: number): void {
    if (fault.noticedDay !== null && fault.noticedDay <= day) return;
    fault.noticedDay = day;
    fault.fixDay = day + daysIn(this.rng, REPAIR_DAYS[REPAIR_FOR[fault.id].fix] ?? [1, 7]);
  }

  private repairsDue(day: number): void {
    for (const f of this.faults) if (f.fixDay !== null && f.fixDay <= day) this.fix(f);
    if (this.seasonalStrikeFixDay !== null && this.seasonalStrikeFixDay <= day) {
      applyFix(this.twin, "adjust-strike-plate", this.person);
      this.strikeAdjustN = swellingStrikeN(this.swellPeakN, this.dayOfYear(day));
      this.seasonalStrikeFixDay = null;
      this.tally.faultFixed("strike-misaligned");
    }
    this.updateStrike(day);
  }

  private fix(f: ActiveFault): void {
    const done = applyFix(this.twin, REPAIR_FOR[f.id].fix, this.person).ok;
    const rest = this.faults.filter((x) => x !== f);
    this.faults = rest.length > 0 ? rest : NO_FAULTS;
    if (!done) return;
    this.tally.faultFixed(f.id);
    if (f.id === "strike-misaligned") {
      this.strikeAdjustN = swellingStrikeN(this.swellPeakN, this.dayOfYear(this.day)); // fitted to the door as it is now
      this.seasonalStrikeFixDay = null;
    }
  }

  /** Strike friction today: the door's fixed offset, its summer swelling less the owner's adjustment, a strike fault. */
  private updateStrike(day: number): void {
    const swell = swellingStrikeN(this.swellPeakN, this.dayOfYear(day));
    if (swell === 0) this.strikeAdjustN = 0; // the season has turned: the door is back
    const fault = this.faults.some((f) => f.id === "strike-misaligned") ? MISALIGNED_STRIKE_N : 0;
    const n = this.fixedStrikeN + Math.max(0, swell - this.strikeAdjustN) + fault;
    if (this.twin.mech.strikeLoadN !== n) this.twin.mech = { ...this.twin.mech, strikeLoadN: n };
  }

  /** What the lock shows of its pack (B-PWR-2/3), as its owner sees it. */
  private lookAtPack(): void {
    if (this.twin.powered)
      this.pack.saw(this.twin.firmware.state.battery, this.day, this.patienceDays, this.rng);
  }

  private changePackIfDue(): void {
    const due = this.pack.changeDay;
    if (due === null || due > this.day) return;
    this.tally.pack(this.pack.life(this.day));
    this.tally.batteryChanges++;
    if (this.c.pack === "fresh") applyFix(this.twin, "replace-batteries", this.person);
    else this.twin.replacePack(this.c.pack);
    this.pack = new PackWatch(this.day);
  }

  // ---- time and weather ----

  /**
   * Lock time of today's midnight. Worked out, not kept: a field holding it is a boxed number,
   * ~24 bytes a lock (issue 17: ≤ 4 KB a fleet lock).
   */
  private get dayMs(): number {
    return this.c.startMs + this.day * DAY_MS;
  }

  /** Lets the lock's clock run to this time of today (never backwards), with the weather of that hour. */
  private goTo(msOfDay: number): void {
    const twin = this.twin;
    const at = this.dayMs + msOfDay;
    if (at > twin.clock.nowMs) twin.advance(at - twin.clock.nowMs);
    const t = this.temperatureAt(this.day, msOfDay);
    if (t !== twin.temperatureC) twin.setTemperature(t);
  }

  private temperatureAt(day: number, msOfDay: number): number {
    return outdoorTemperatureC(
      this.c.climate,
      this.dayOfYear(day) + msOfDay / DAY_MS,
      msOfDay / HOUR_MS,
      this.offsetC,
    );
  }

  private dayOfYear(day: number): number {
    return (this.c.startDayOfYear + day) % 365;
  }
}

const NO_FAULTS: readonly ActiveFault[] = Object.freeze([]);

/** Empties a list by popping, which keeps its capacity (`length = 0` gives it a new backing store each time). */
function emptyKeepingCapacity(list: unknown[]): void {
  while (list.length > 0) list.pop();
}

/** How much this lock's door swells at the height of summer (DOOR_SWELLING). */
function drawSwelling(rng: SeededRandom): number {
  const band =
    DOOR_SWELLING[
      pickWeighted(
        rng,
        DOOR_SWELLING.map((b) => b.share),
      )
    ];
  return band ? inRange(rng, band.peakN) : 0;
}
