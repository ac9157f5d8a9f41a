/**
 * A hosted lock as the page sees it: everything the lock view draws (bolt, keypad, pack,
 * door, interior, signals to flash and beep, history, telemetry), read from the host's lock
 * without changing it. Numbering of signals stays stable while the host trims old ones.
 */
import type { FirmwareStatus } from "../core/radio-types.ts";
import type { HostedLock } from "../host/index.ts";
import { BOLT_THROW_MM } from "../twin/bolt-mechanism.ts";
import { markNow, observe } from "../twin/observe-lock.ts";
import type { LockSnapshot, ProfileSummary } from "./api-schemas.ts";
import { summarizeProfile } from "./profile-summary.ts";

/** How much of the lock's past a snapshot carries. */
const SNAPSHOT_SIGNALS = 40;
const SNAPSHOT_HISTORY = 100;

const summaries = new Map<string, ProfileSummary>();

function summaryOf(lock: HostedLock): ProfileSummary {
  const p = lock.twin.profile;
  let s = summaries.get(p.id);
  if (!s) summaries.set(p.id, (s = summarizeProfile(p)));
  return s;
}

/** A copy the page owns (the status's `last` may be the flash record's own object). */
function firmwareOf(status: FirmwareStatus): LockSnapshot["firmware"] {
  const { last } = status;
  return {
    version: status.version,
    slot: status.slot,
    pending: status.pending,
    last: last && {
      version: last.version,
      outcome: last.outcome,
      ...(last.reason === undefined ? {} : { reason: last.reason }),
    },
  };
}

export function snapshotOf(lock: HostedLock, rev: number): LockSnapshot {
  const t = lock.twin;
  const o = observe(t, markNow(t));
  const firstSignal = Math.max(0, t.signals.length - SNAPSHOT_SIGNALS);
  const run = lock.telemetry.lastRun;
  const persistent = t.persistent();
  return {
    rev,
    id: lock.id,
    name: lock.name,
    profile: summaryOf(lock),
    nowMs: t.clock.nowMs,
    speed: lock.speed,
    bolt: o.bolt,
    boltMm: t.boltMm,
    boltThrowMm: BOLT_THROW_MM,
    reported: o.reported,
    keypad: o.keypad,
    lockedOutUntilMs: t.powered ? t.firmware.state.lockedOutUntilMs : null,
    handed: o.handed,
    codes: o.codes,
    battery: o.battery,
    lastEvent: o.lastEvent ? { ...o.lastEvent } : null,
    powered: t.powered,
    pack: {
      inserted: t.cells !== null,
      kind: lock.packKind,
      restV: Math.round(o.packRestV * 1000) / 1000,
    },
    doorClosed: t.doorClosed,
    heldKeys: [...t.heldKeys],
    temperatureC: t.temperatureC,
    clutch: t.mech.clutchEngaged ? "engaged" : "disengaged",
    radioOnline: t.radioOnline,
    link: {
      radio: t.profile.radio,
      online: t.radioReachable(),
      paired: persistent?.paired ?? false,
    },
    firmware: firmwareOf(t.firmwareStatus()),
    signalCount: lock.signalsDropped + t.signals.length,
    signals: t.signals.slice(firstSignal).map((s, i) => ({
      seq: lock.signalsDropped + firstSignal + i + 1,
      atMs: s.atMs,
      name: s.name,
      green: s.signal.green ?? 0,
      red: s.signal.red ?? 0,
      amber: s.signal.amber ?? 0,
      beeps: s.signal.beeps ?? 0,
      longBeeps: s.signal.longBeeps ?? 0,
    })),
    history: t.history.slice(-SNAPSHOT_HISTORY).map((h) => ({
      atMs: h.atMs,
      kind: h.kind,
      source: h.source,
      ...(h.slot === undefined ? {} : { slot: h.slot }),
      ...(h.detail === undefined ? {} : { detail: h.detail }),
    })),
    faultLog: lock.faultLog.map((e) => ({ ...e })),
    telemetry: {
      packV: lock.telemetry.packV.map((p) => ({ ...p })),
      lastRun: run ? { ...run, samples: run.samples.map((s) => ({ ...s })) } : null,
    },
  };
}
