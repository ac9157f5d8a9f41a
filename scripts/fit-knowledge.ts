/**
 * Fits the troubleshooter on the development set (issue 15, item 3):
 *
 *   node --import tsx scripts/fit-knowledge.ts [--cases N]     # default 3,000 development cases
 *
 * 1. counts what people said, saw and answered, and what the telemetry showed, per cause,
 *    over development cases 0…N−1 (src/diagnostics/eval/fit-tables.ts);
 * 2. fits the forms each cause takes in a first report on those same cases (fit-classes.ts);
 * 3. fits the prior's flatness, the share of two causes and the report's evidence weights on
 *    development cases N… of all three mixes (fit-weights.ts), disjoint from the counted ones;
 *
 * and writes src/diagnostics/knowledge/learned/dev-{counts,classes,fit}.json, which the
 * knowledge base reads (knowledge/learned-tables.ts). Only development cases are ever drawn:
 * the held-out set is for measuring, never for fitting.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseWholeNumber } from "../src/cli/parse-seed.ts";
import { fitClasses } from "../src/diagnostics/eval/fit-classes.ts";
import type { ReportRecord } from "../src/diagnostics/eval/fit-tables.ts";
import { fitTables } from "../src/diagnostics/eval/fit-tables.ts";
import { collectSamples, fitHyperparameters } from "../src/diagnostics/eval/fit-weights.ts";
import { CITED_KNOWLEDGE_BASE } from "../src/diagnostics/knowledge/knowledge-base.ts";
import type { LearnedCounts, LearnedFit } from "../src/diagnostics/knowledge/learned-tables.ts";
import { learnedTables } from "../src/diagnostics/knowledge/learned-tables.ts";
import { DEV } from "../src/diagnostics/world/case-sets.ts";

const dir = new URL("../src/diagnostics/knowledge/learned/", import.meta.url);
/** Development cases of each mix, single and double, for step 3 (three mixes: 900 in all). */
const WEIGHT_SINGLES = 200;
const WEIGHT_DOUBLES = 100;

function write(name: string, value: unknown): void {
  writeFileSync(fileURLToPath(new URL(name, dir)), `${JSON.stringify(value, null, 1)}\n`);
}

function main(args: readonly string[]): number {
  const at = args.indexOf("--cases");
  const n = parseWholeNumber("--cases", at < 0 ? "3000" : args[at + 1], 100, 50_000);
  if (!n.ok || args.some((a, i) => a.startsWith("--") && a !== "--cases" && i !== at + 1)) {
    console.error(
      `usage: node --import tsx scripts/fit-knowledge.ts [--cases N]${n.ok ? "" : `\n(${n.reason})`}`,
    );
    return 2;
  }
  const t0 = performance.now();
  const say = (what: string): void => {
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(0)} s: ${what}\n`);
  };
  const records: ReportRecord[] = [];
  const counts = fitTables(DEV, n.value, {
    records,
    onCase: (i) => {
      if ((i + 1) % 500 === 0) say(`${i + 1} / ${n.value} development cases counted`);
    },
  });
  const tables = learnedTables(CITED_KNOWLEDGE_BASE, counts as LearnedCounts);
  const classes = fitClasses(
    tables,
    records,
    `fitted by EM on the first reports of development cases 0–${n.value - 1} (seed ${DEV.seed})`,
  );
  say("forms of each cause fitted");
  const samples = collectSamples(n.value, WEIGHT_SINGLES, WEIGHT_DOUBLES);
  say(`${samples.length} development reports for the weights`);
  const fitted = fitHyperparameters({ ...tables, causeClasses: classes }, samples);
  const fit: LearnedFit = {
    source: { set: DEV.name, seed: DEV.seed, from: n.value, cases: samples.length },
    hyperparameters: fitted.best,
    logLoss: fitted.logLoss,
    top1: fitted.top1,
  };
  say(`weights fitted: ${JSON.stringify(fitted.best)}, log loss ${fitted.logLoss.toFixed(3)}`);
  write("dev-counts.json", counts);
  write("dev-classes.json", classes);
  write("dev-fit.json", fit);
  console.log(`wrote ${fileURLToPath(dir)}dev-{counts,classes,fit}.json`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
