/**
 * The support report of one lock (issue 11, "Support report in one click"): what seed 000
 * says to gather before calling Kwikset ("Prepare Before Calling: Gather these five items"),
 * filled in from what the server knows of the lock — the model, the purchase date (which no
 * lock knows: the person's receipt), the steps already tried (fixes applied and the
 * troubleshooter's steps), a recording of the symptom (the lock's signals, bolt movements and
 * motor run as a time-ordered trace: the page's stand-in for "video showing symptoms"), whether
 * the master code is known and how many user codes the lock holds — plus the lock's telemetry,
 * its history and a scenario file that rebuilds it (`scenario/export-scenario.ts`, the same
 * file `GET /api/locks/:id/scenario` gives). JSON for tools, Markdown for a person.
 */
import { KWIKSET_SUPPORT } from "../diagnostics/knowledge/support.ts";
import type { HostedLock } from "../host/index.ts";
import { readTelemetry } from "../twin/telemetry.ts";
import type { DoctorSession, LockSnapshot } from "./api-schemas.ts";

/** How much of the lock's past goes into the recording and the history. */
export const REPORT_TRACE_ENTRIES = 200;
export const REPORT_HISTORY_ENTRIES = 500;

export interface TraceEntry {
  readonly atMs: number;
  readonly at: string;
  readonly what: "signal" | "event" | "motor";
  /** In words. */
  readonly text: string;
  /** The internal name (signal name, history kind), kept for support tools. */
  readonly id: string;
}

export interface SupportReport {
  readonly kind: "latchkey.support-report";
  readonly version: 1;
  readonly generatedAt: string;
  readonly lock: {
    readonly id: string;
    readonly name: string;
    readonly profile: string;
    readonly model: string;
    readonly models: readonly string[];
    readonly lockTime: string;
    readonly firmwareRadio: string | null;
    /** The firmware the lock runs, its slot and how the last update ended (issue 14). */
    readonly firmware: LockSnapshot["firmware"];
  };
  readonly call: {
    readonly label: string;
    readonly phone: string;
    readonly hours: string;
    readonly warranty: string;
    readonly notes: readonly string[];
    readonly source: string;
  };
  /** Seed 000's five items, each with what this report fills in. */
  readonly gather: readonly { readonly item: string; readonly source: string; readonly answer: string }[];
  readonly stepsTried: readonly {
    readonly atMs: number | null;
    readonly text: string;
    readonly outcome: string;
  }[];
  readonly recording: {
    readonly fromMs: number | null;
    readonly toMs: number;
    readonly boltNow: string;
    readonly reportedNow: string;
    readonly trace: readonly TraceEntry[];
  };
  readonly codes: {
    readonly userCodes: number;
    readonly masterCode: "known" | "not known" | "none on this lock";
  };
  readonly troubleshooter: {
    readonly symptom: string;
    readonly status: string;
    readonly likeliest: readonly {
      readonly cause: string;
      readonly fault: string;
      readonly probability: number;
    }[];
  } | null;
  readonly telemetry: {
    readonly now: ReturnType<typeof readTelemetry>;
    readonly packV: LockSnapshot["telemetry"]["packV"];
    readonly lastRun: LockSnapshot["telemetry"]["lastRun"];
  };
  readonly history: readonly {
    readonly seq: number;
    readonly atMs: number;
    readonly kind: string;
    readonly source: string;
    readonly slot?: number;
    readonly detail?: string;
  }[];
  readonly scenario: { readonly filename: string; readonly file: string };
}

const iso = (ms: number): string => new Date(ms).toISOString();

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function signalText(s: LockSnapshot["signals"][number]): string {
  const parts: string[] = [];
  if (s.green) parts.push(plural(s.green, "green flash", "green flashes"));
  if (s.red) parts.push(plural(s.red, "red flash", "red flashes"));
  if (s.amber) parts.push(plural(s.amber, "amber flash", "amber flashes"));
  if (s.beeps) parts.push(plural(s.beeps, "beep", "beeps"));
  if (s.longBeeps) parts.push(plural(s.longBeeps, "long beep", "long beeps"));
  return parts.length ? parts.join(", ") : "no flash or beep";
}

function eventText(h: { kind: string; source: string; slot?: number; detail?: string }): string {
  const slot = h.slot === undefined ? "" : `, slot ${h.slot}`;
  return `${h.kind} (${h.source}${slot})${h.detail ? `: ${h.detail}` : ""}`;
}

export interface SupportReportInput {
  readonly lock: HostedLock;
  readonly snapshot: LockSnapshot;
  readonly history: readonly {
    seq: number;
    atMs: number;
    kind: string;
    source: string;
    slot?: number;
    detail?: string;
  }[];
  readonly scenario: string;
  readonly session: DoctorSession | null;
  readonly now?: Date;
}

export function buildSupportReport(input: SupportReportInput): SupportReport {
  const { lock, snapshot: snap } = input;
  const c = KWIKSET_SUPPORT;
  const persistent = lock.twin.persistent();
  const person = lock.personKnows;
  const masterCode: SupportReport["codes"]["masterCode"] =
    persistent?.programmingCode === null && snap.profile.codes.defaultProgrammingCode === null
      ? "none on this lock"
      : person.programmingCode !== undefined && !person.forgotProgrammingCode
        ? "known"
        : "not known";

  // Steps already tried: fixes applied to the lock, and the troubleshooter's steps.
  const stepsTried: SupportReport["stepsTried"][number][] = snap.faultLog
    .filter((e) => e.kind === "fix")
    .map((e) => ({
      atMs: e.atMs,
      text: `Fix: ${e.id.replace(/-/g, " ")}`,
      outcome: e.ok ? "done" : `refused: ${e.reason ?? ""}`,
    }));
  for (const e of input.session?.log ?? [])
    stepsTried.push({
      atMs: null,
      text: `${e.kind === "fix" ? "Fix" : e.kind === "test" ? "Test" : "Question"}: ${e.text}`,
      outcome: e.outcome,
    });

  // The recording: signals, events (lock, unlock, jams, refusals) and the last motor run.
  const trace: TraceEntry[] = [
    ...snap.signals.map((s) => ({
      atMs: s.atMs,
      at: iso(s.atMs),
      what: "signal" as const,
      text: signalText(s),
      id: s.name,
    })),
    ...input.history.slice(-REPORT_TRACE_ENTRIES).map((h) => ({
      atMs: h.atMs,
      at: iso(h.atMs),
      what: "event" as const,
      text: eventText(h),
      id: h.kind,
    })),
  ];
  const run = snap.telemetry.lastRun;
  if (run) {
    const moved = run.peakCurrentMa > 100;
    trace.push({
      atMs: run.startedMs,
      at: iso(run.startedMs),
      what: "motor",
      text:
        `motor ran ${run.endedMs === null ? "(still running)" : `${Math.round(run.endedMs - run.startedMs)} ms`}, ` +
        `peak ${run.peakCurrentMa} mA${run.minSupplyV === null ? "" : `, supply down to ${run.minSupplyV.toFixed(2)} V`}` +
        (moved ? "" : " — a free-spinning motor draws this little: the bolt was not driven"),
      id: "motor-run",
    });
  }
  trace.sort((a, b) => a.atMs - b.atMs);
  const recorded = trace.slice(-REPORT_TRACE_ENTRIES);

  const stepsAnswer =
    stepsTried.length === 0
      ? "none recorded yet (no fix applied, no troubleshooting session)"
      : `${plural(stepsTried.length, "step", "steps")}, listed under "Steps already tried"`;
  const gather = [
    `${snap.profile.name} (models ${snap.profile.models.join(", ")}): read the full number and finish off the label inside the battery cover`,
    "not known to the lock: have the receipt with the date and place of purchase at hand",
    stepsAnswer,
    `${plural(recorded.length, "entry", "entries")} of the lock's signals, bolt and motor, under "Recording of the symptom"; film the keypad and the bolt too if you can`,
    `master code ${masterCode}; ${plural(snap.codes, "user code", "user codes")} stored`,
  ];

  return {
    kind: "latchkey.support-report",
    version: 1,
    generatedAt: (input.now ?? new Date()).toISOString(),
    lock: {
      id: lock.id,
      name: lock.name,
      profile: snap.profile.id,
      model: snap.profile.name,
      models: snap.profile.models,
      lockTime: iso(snap.nowMs),
      firmwareRadio: snap.profile.radio,
      firmware: snap.firmware,
    },
    call: {
      label: c.phone.label,
      phone: c.phone.number,
      hours: c.hours.text,
      warranty: c.warranty.text,
      notes: c.gaps,
      source: c.phone.source,
    },
    gather: c.items.map((it, i) => ({ item: it.item, source: it.source, answer: gather[i] ?? "" })),
    stepsTried,
    recording: {
      fromMs: recorded[0]?.atMs ?? null,
      toMs: snap.nowMs,
      boltNow: snap.bolt,
      reportedNow: snap.reported,
      trace: recorded,
    },
    codes: { userCodes: snap.codes, masterCode },
    troubleshooter: input.session && {
      symptom: input.session.symptom.says,
      status: input.session.status,
      likeliest: input.session.causes
        .slice(0, 3)
        .map((x) => ({ cause: x.cause, fault: x.fault, probability: x.stillPresent })),
    },
    telemetry: {
      now: readTelemetry(lock.twin),
      packV: snap.telemetry.packV,
      lastRun: snap.telemetry.lastRun,
    },
    history: input.history,
    scenario: { filename: `${lock.id}.scenario.yaml`, file: input.scenario },
  };
}

const pct = (p: number): string => (p < 0.01 ? "under 1 %" : `${Math.round(p * 100)} %`);

/** The report as Markdown, for a person to read, print or attach to a support ticket. */
export function supportReportMarkdown(r: SupportReport): string {
  const time = (ms: number | null) => (ms === null ? "" : `${iso(ms).replace("T", " ").slice(0, 19)} `);
  const lines = [
    `# Support report: ${r.lock.name} (${r.lock.model})`,
    "",
    `Made ${r.generatedAt} · lock time ${r.lock.lockTime} · firmware ${r.lock.firmware.version} (slot ${r.lock.firmware.slot}) · by Latchkey`,
    "",
    `Call ${r.call.label}: **${r.call.phone}** — ${r.call.hours}. ${r.call.warranty}`,
    "",
    '## Have these ready (seed 000, "Prepare Before Calling")',
    "",
    ...r.gather.map((g, i) => `${i + 1}. **${g.item}**: ${g.answer}.`),
    "",
    "## Steps already tried",
    "",
    ...(r.stepsTried.length === 0
      ? ["- none yet"]
      : r.stepsTried.map((s, i) => `${i + 1}. ${time(s.atMs)}${s.text} → ${s.outcome}`)),
    "",
  ];
  if (r.troubleshooter) {
    lines.push(
      "## The troubleshooter",
      "",
      `Symptom: "${r.troubleshooter.symptom}" (${r.troubleshooter.status}). Likeliest causes now:`,
      ...r.troubleshooter.likeliest.map((x) => `- ${x.cause}: ${pct(x.probability)}`),
      "",
    );
  }
  lines.push(
    "## Recording of the symptom (the lock's signals, bolt and motor)",
    "",
    `Bolt now: ${r.recording.boltNow}; the lock reports: ${r.recording.reportedNow}.`,
    "",
    ...(r.recording.trace.length === 0
      ? ["- nothing recorded yet"]
      : r.recording.trace.map((t) => `- ${time(t.atMs)}${t.what}: ${t.text}`)),
    "",
    "## Telemetry",
    "",
    `Pack at rest ${r.telemetry.now.packRestV ?? "?"} V, under load ${r.telemetry.now.packUnderLoadV ?? "?"} V; ` +
      `battery ${r.telemetry.now.battery ?? "unknown"}; ${r.telemetry.now.brownOuts} brown-outs; ` +
      `${r.telemetry.now.wrongCodeCount} wrong codes in a row; handed: ${r.telemetry.now.handed ? "yes" : "no"}.`,
    "",
    `## History (${r.history.length} entries, newest last)`,
    "",
    ...r.history.slice(-50).map((h) => `- ${time(h.atMs)}${eventText(h)}`),
    "",
    `## The lock as a scenario file (${r.scenario.filename})`,
    "",
    "Load it with _Load a lock from a file_ on the Latchkey page, or `latchkey scenario run`, to rebuild this lock.",
    "",
    "```yaml",
    r.scenario.file.trimEnd(),
    "```",
    "",
  );
  return lines.join("\n");
}
