/**
 * Learning the knowledge base's tables from the development set (issue 15, item 3): for each
 * cause, what people in the development cases said, saw, and answered to every question
 * and test the knowledge base can ask, and what their locks' telemetry showed — counted
 * over the development set only (`fitTables` refuses any other), with the household's
 * oddities, the faults' severities and the people's slips all in the counts. The healthy
 * row is counted on the same households with nothing injected.
 *
 * The counts are written to knowledge/learned/dev-counts.json by scripts/fit-knowledge.ts;
 * knowledge/learned-tables.ts turns them into distributions, with the cited tables as the
 * prior (a few pseudo-cases each). The held-out set is never read here.
 */
import { getProfile } from "../../core/profiles/index.ts";
import { SeededRandom } from "../../twin/seeded-random.ts";
import type { FaultId } from "../../twin/fault-ids.ts";
import { isNoEvidence } from "../knowledge/ids.ts";
import { DEFAULT_KNOWLEDGE_BASE } from "../knowledge/knowledge-base.ts";
import { telemetryFindings } from "../knowledge/telemetry-findings.ts";
import type { KnowledgeBase, ObservationEntry } from "../knowledge/types.ts";
import { buildWorld } from "../world/build-world.ts";
import type { World } from "../world/build-world.ts";
import { DEV } from "../world/case-sets.ts";
import type { CaseSet } from "../world/generate-cases.ts";
import { drawCase } from "../world/generate-cases.ts";
import { answerOnTwin, newRetryMemory, reportFromLock } from "../world/person.ts";

/** Counts of one thing per answer. */
export type Tally = Record<string, number>;

export interface DevCounts {
  readonly source: {
    readonly set: string;
    readonly seed: number;
    readonly mix: string;
    readonly cases: number;
  };
  /** Cases per cause (single faults), and households counted with nothing injected. */
  readonly cases: Record<string, number>;
  readonly calm: number;
  /** Symptoms said (mentioned) and noticed, per cause: how many cases had each. */
  readonly said: Record<string, Tally>;
  readonly noticed: Record<string, Tally>;
  /** Answers per observation, per cause ("healthy" for nothing injected). "Don't know"s are in `unanswered`. */
  readonly answers: Record<string, Record<string, Tally>>;
  readonly unanswered: Record<string, Tally>;
}

/** What is asked of a lock, in this order: things known or looked at first, then tests that act on it. */
function askable(kb: KnowledgeBase, world: World): ObservationEntry[] {
  const radio = getProfile(world.profile)?.radio !== null;
  return kb.observations
    .filter((o) => o.kind === "question" || o.kind === "test")
    .filter((o) => o.needs !== "radio" || radio)
    .sort((a, b) => Number(a.kind === "test") - Number(b.kind === "test"));
}

function bump(t: Tally, key: string): void {
  t[key] = (t[key] ?? 0) + 1;
}

/** What one development case's first report held: for fitting the causes' classes (fit-classes.ts). */
export interface ReportRecord {
  readonly fault: FaultId;
  readonly severity: number;
  readonly variant: number;
  readonly said: readonly string[];
  readonly noticed: readonly string[];
  /** Intake answers and telemetry findings (no "don't know"s). */
  readonly items: Readonly<Record<string, string>>;
}

/** Everything one world shows: its report, telemetry findings, and every question answered. */
function observe(
  kb: KnowledgeBase,
  world: World,
  row: string,
  counts: DevCounts,
  seed: number,
  records?: ReportRecord[],
): void {
  const report = reportFromLock(world, new SeededRandom(seed));
  const profile = getProfile(world.profile);
  const seen: Record<string, string> = {
    ...report.intake,
    ...telemetryFindings(report.telemetry, report.history, {
      ...(report.codeCount === undefined ? {} : { codeCount: report.codeCount }),
      ...(profile ? { capacity: profile.codes.capacity } : {}),
      radio: profile?.radio !== null,
    }),
  };
  if (records && row !== "healthy") {
    const f = world.spec.faults[0];
    records.push({
      fault: row as FaultId,
      severity: f?.severity ?? 0,
      variant: f?.variant ?? 0,
      said: report.symptoms,
      noticed: report.noticed,
      items: Object.fromEntries(Object.entries(seen).filter(([, v]) => !isNoEvidence(v))),
    });
  }
  const memory = newRetryMemory();
  for (const o of askable(kb, world)) seen[o.id] = answerOnTwin(o.id, world, memory, 0);
  if (row !== "healthy") {
    const said = (counts.said[row] ??= {});
    const noticed = (counts.noticed[row] ??= {});
    for (const s of report.symptoms) bump(said, s);
    for (const s of report.noticed) bump(noticed, s);
  }
  for (const [id, value] of Object.entries(seen)) {
    if (!kb.observations.some((o) => o.id === id)) continue;
    if (isNoEvidence(value)) bump((counts.unanswered[id] ??= {}), row);
    else bump(((counts.answers[id] ??= {})[row] ??= {}), value);
  }
}

/** Counts over development cases `from`…`from + n − 1` of the uniform mix (single faults). */
export function fitTables(
  set: CaseSet,
  n: number,
  options: { kb?: KnowledgeBase; onCase?: (i: number) => void; records?: ReportRecord[] } = {},
): DevCounts {
  if (set.seed !== DEV.seed)
    throw new Error(`tables are fitted on the development set only (seed ${DEV.seed}), not on "${set.name}"`);
  const kb = options.kb ?? DEFAULT_KNOWLEDGE_BASE;
  const counts: DevCounts = {
    source: { set: set.name, seed: set.seed, mix: "uniform", cases: n },
    cases: {},
    calm: 0,
    said: {},
    noticed: {},
    answers: {},
    unanswered: {},
  };
  for (let i = 0; i < n; i++) {
    const { spec } = drawCase(set, "uniform", "single", i);
    const fault = (spec.faults[0] as { id: FaultId }).id;
    const world = buildWorld(spec);
    if (typeof world === "string") continue;
    counts.cases[fault] = (counts.cases[fault] ?? 0) + 1;
    observe(kb, world, fault, counts, (spec.seed ^ 0x2545f491) >>> 0, options.records);
    const calm = buildWorld(spec, { faults: false });
    if (typeof calm !== "string") {
      (counts as { calm: number }).calm++;
      observe(kb, calm, "healthy", counts, (spec.seed ^ 0x68e31da4) >>> 0);
    }
    options.onCase?.(i);
  }
  return counts;
}
