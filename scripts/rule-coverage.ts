/**
 * Rule coverage (BEHAVIOR.md preamble: "the project's tests name the IDs they cover ... so
 * that coverage of this file can be counted"): reads every rule ID that BEHAVIOR.md
 * defines, finds the scenario files and test titles that name it, and writes
 * docs/coverage.md.
 *
 *   node --import tsx scripts/rule-coverage.ts           # write docs/coverage.md, print the summary
 *   node --import tsx scripts/rule-coverage.ts --check   # exit 1 if a required rule has no scenario and no test
 *
 * BEHAVIOR.md is read from ../shared/spec/ next to the repository, or from the folder in
 * LATCHKEY_SPEC_DIR. The parsing is in small exported functions (tested in
 * test/rule-coverage.test.ts); main runs only when this file is executed directly.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** One rule as BEHAVIOR.md defines it. */
export interface Rule {
  readonly id: string;
  /** Section number ("## 3. Setup state ..." → 3). */
  readonly section: number;
  /** The rule's text without its ID, continuation lines joined. */
  readonly text: string;
}

export interface Section {
  readonly number: number;
  readonly title: string;
}

export interface Spec {
  readonly sections: readonly Section[];
  readonly rules: readonly Rule[];
}

/** Where the rules are named: repository-relative paths, sorted. */
export interface RuleCoverage {
  readonly rule: Rule;
  readonly scenarios: readonly string[];
  readonly tests: readonly string[];
}

/**
 * The set the coverage issue requires: every rule of sections 3 (setup), 4 (codes),
 * 5 (programming), 6 (feedback), 7 (security) and 9 (resets), and these from elsewhere.
 */
export const REQUIRED_SECTIONS: readonly number[] = [3, 4, 5, 6, 7, 9];
export const REQUIRED_EXTRA: readonly string[] = [
  "B-PWR-2",
  "B-PWR-3",
  "B-PWR-4",
  "B-PWR-7",
  "B-PWR-8",
  "B-BOLT-1",
  "B-BOLT-6",
  "B-BOLT-7",
  "B-NET-1",
  "B-NET-2",
  "B-NET-3",
  "B-NET-5",
];

const SECTION_HEADING = /^##\s+(\d+)\.\s+(.*\S)\s*$/;
const RULE_ITEM = /^\s*[-*]\s+(B-[A-Z]+-\d+)\b\s*(.*)$/;
/** An ID, or a short list of them written as B-PRG-7/8. */
const ID_MENTION = /\bB-([A-Z]+)-(\d+(?:\/\d+)*)\b/g;

/** Reads the sections and rules of BEHAVIOR.md. A rule is a list item that starts with its ID. */
export function parseSpec(markdown: string): Spec {
  const sections: Section[] = [];
  const rules: { id: string; section: number; lines: string[] }[] = [];
  let section = 0;
  let current: { lines: string[] } | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const heading = SECTION_HEADING.exec(line);
    if (heading) {
      section = Number(heading[1]);
      sections.push({ number: section, title: heading[2] ?? "" });
      current = null;
      continue;
    }
    if (line.startsWith("#")) {
      current = null;
      continue;
    }
    const item = RULE_ITEM.exec(line);
    if (item) {
      current = { lines: [item[2] ?? ""] };
      rules.push({ id: item[1] ?? "", section, ...current });
      continue;
    }
    // A continuation line is indented; a blank line or another list item ends the rule.
    if (current && /^\s+\S/.test(line) && !/^\s*[-*]\s/.test(line)) current.lines.push(line.trim());
    else current = null;
  }
  return {
    sections,
    rules: rules.map((r) => ({
      id: r.id,
      section: r.section,
      text: r.lines.join(" ").replace(/\s+/g, " ").trim(),
    })),
  };
}

/** Every rule ID mentioned in a text; "B-PRG-7/8" names B-PRG-7 and B-PRG-8. */
export function findRuleIds(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(ID_MENTION)) {
    for (const n of (m[2] ?? "").split("/")) out.add(`B-${m[1]}-${n}`);
  }
  return [...out];
}

/**
 * Titles of the tests and groups in a test file: the first argument of it/test/describe
 * (with modifiers such as `.only`, `.skip`, `.each(...)`) when it is a string literal.
 */
export function findTestTitles(source: string): string[] {
  const call =
    /\b(?:it|test|describe|suite)(?:\s*\.\s*(?:only|skip|todo|concurrent|sequential|fails|shuffle|each\s*\([^)]*\)|skipIf\s*\([^)]*\)|runIf\s*\([^)]*\)))*\s*\(\s*(["'`])((?:\\[\s\S]|(?!\1)[^\\])*)\1/g;
  const titles: string[] = [];
  for (const m of source.matchAll(call)) titles.push(m[2] ?? "");
  return titles;
}

/** Rule IDs named in the titles of a test file. */
export function findTestRuleIds(source: string): string[] {
  return [...new Set(findTestTitles(source).flatMap(findRuleIds))];
}

/** Files under `dir` (recursively) whose names end with one of `suffixes`, as absolute paths, sorted. */
export function listFiles(dir: string, suffixes: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && suffixes.some((s) => entry.name.endsWith(s))) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

/** Joins the rules with the files that name them. `mentions` maps a file path to the IDs it names. */
export function computeCoverage(
  rules: readonly Rule[],
  scenarioMentions: ReadonlyMap<string, readonly string[]>,
  testMentions: ReadonlyMap<string, readonly string[]>,
): RuleCoverage[] {
  const filesNaming = (mentions: ReadonlyMap<string, readonly string[]>, id: string): string[] =>
    [...mentions]
      .filter(([, ids]) => ids.includes(id))
      .map(([file]) => file)
      .sort();
  return rules.map((rule) => ({
    rule,
    scenarios: filesNaming(scenarioMentions, rule.id),
    tests: filesNaming(testMentions, rule.id),
  }));
}

/** IDs named by scenarios or tests that BEHAVIOR.md does not define, with the files naming them. */
export function unknownMentions(
  rules: readonly Rule[],
  ...mentionMaps: ReadonlyMap<string, readonly string[]>[]
): Map<string, string[]> {
  const known = new Set(rules.map((r) => r.id));
  const out = new Map<string, string[]>();
  for (const mentions of mentionMaps) {
    for (const [file, ids] of mentions) {
      for (const id of ids) if (!known.has(id)) out.set(id, [...(out.get(id) ?? []), file]);
    }
  }
  return new Map([...out].sort(([a], [b]) => compareIds(a, b)));
}

export function isCovered(c: RuleCoverage): boolean {
  return c.scenarios.length > 0 || c.tests.length > 0;
}

export function isRequired(rule: Rule): boolean {
  return REQUIRED_SECTIONS.includes(rule.section) || REQUIRED_EXTRA.includes(rule.id);
}

/** Required rules with neither a scenario nor a test. */
export function missingRequired(coverage: readonly RuleCoverage[]): Rule[] {
  return coverage.filter((c) => isRequired(c.rule) && !isCovered(c)).map((c) => c.rule);
}

/** Orders B-PRG-2 before B-PRG-10. */
function compareIds(a: string, b: string): number {
  const pa = /^B-([A-Z]+)-(\d+)$/.exec(a);
  const pb = /^B-([A-Z]+)-(\d+)$/.exec(b);
  if (!pa || !pb || pa[1] !== pb[1]) return a < b ? -1 : a > b ? 1 : 0;
  return Number(pa[2]) - Number(pb[2]);
}

/** The first words of a rule, short enough for a table cell. */
export function firstWords(text: string, maxWords = 9): string {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const head = words.slice(0, maxWords).join(" ");
  return words.length > maxWords ? `${head.replace(/[,:;.]$/, "")} …` : head;
}

export interface SectionSummary {
  readonly section: Section;
  readonly total: number;
  readonly covered: number;
}

export interface Summary {
  readonly total: number;
  readonly covered: number;
  readonly uncovered: number;
  readonly requiredTotal: number;
  readonly requiredMissing: number;
  readonly bySection: readonly SectionSummary[];
}

export function summarize(spec: Spec, coverage: readonly RuleCoverage[]): Summary {
  const covered = coverage.filter(isCovered).length;
  const required = coverage.filter((c) => isRequired(c.rule));
  return {
    total: coverage.length,
    covered,
    uncovered: coverage.length - covered,
    requiredTotal: required.length,
    requiredMissing: required.filter((c) => !isCovered(c)).length,
    bySection: spec.sections
      .map((section) => {
        const inSection = coverage.filter((c) => c.rule.section === section.number);
        return { section, total: inSection.length, covered: inSection.filter(isCovered).length };
      })
      .filter((s) => s.total > 0),
  };
}

export function formatSummary(summary: Summary): string {
  const pct = (n: number, of: number): string => (of === 0 ? "–" : `${Math.round((100 * n) / of)}%`);
  const lines = [
    `Rules: ${summary.total}, covered ${summary.covered} (${pct(summary.covered, summary.total)}), uncovered ${summary.uncovered}`,
    `Required set: ${summary.requiredTotal} rules, ${summary.requiredMissing} without a scenario or test`,
    ...summary.bySection.map((s) => {
      const title = `${s.section.number}. ${s.section.title.replace(/\s*\(.*$/, "")}`;
      return `  ${title.padEnd(40)} ${String(s.covered).padStart(2)}/${s.total}`;
    }),
  ];
  return lines.join("\n");
}

const cell = (s: string): string => s.replace(/\|/g, "\\|");

/** A list of files as links from docs/ (paths are repository-relative with forward slashes). */
function fileLinks(files: readonly string[], stripPrefix: string): string {
  if (files.length === 0) return "—";
  return files
    .map((f) => `[${cell(f.startsWith(stripPrefix) ? f.slice(stripPrefix.length) : f)}](../${f})`)
    .join(", ");
}

export interface ReportInput {
  readonly spec: Spec;
  readonly coverage: readonly RuleCoverage[];
  readonly unknown: ReadonlyMap<string, readonly string[]>;
  /** Where BEHAVIOR.md was read from, as shown in the header. */
  readonly specPath: string;
}

/** docs/coverage.md. No date in it, so that it changes only when coverage does. */
export function renderReport({ spec, coverage, unknown, specPath }: ReportInput): string {
  const summary = summarize(spec, coverage);
  const out: string[] = [
    "<!-- Generated by scripts/rule-coverage.ts (npm run coverage:rules). Do not edit by hand: run the script again. -->",
    "",
    "# Rule coverage",
    "",
    `Which rules of \`${specPath}\` are named by a scenario (\`scenarios/**/*.{yaml,yml,json}\`, anywhere in the file)`,
    "or by a test title (`src/**/*.test.ts`, `test/**/*.test.ts`: the strings given to `describe`/`it`/`test`).",
    "A rule counts as covered when at least one of them names it. **Required** marks the set that",
    "`npm run coverage:rules -- --check` enforces: sections " +
      REQUIRED_SECTIONS.join(", ") +
      ", and " +
      REQUIRED_EXTRA.join(", ") +
      ".",
    "",
    "## Summary",
    "",
    `- Rules: **${summary.total}**; covered: **${summary.covered}**; uncovered: **${summary.uncovered}**.`,
    `- Required set: ${summary.requiredTotal} rules; without a scenario or test: **${summary.requiredMissing}**.`,
    "",
    "| section | rules | covered | uncovered |",
    "|---|---:|---:|---:|",
    ...summary.bySection.map(
      (s) =>
        `| ${s.section.number}. ${cell(s.section.title)} | ${s.total} | ${s.covered} | ${s.total - s.covered} |`,
    ),
    "",
    "## Rules",
    "",
    "| rule | status | what it says | scenarios | tests |",
    "|---|---|---|---|---|",
  ];
  for (const c of coverage) {
    const required = isRequired(c.rule);
    const status = isCovered(c)
      ? required
        ? "covered (required)"
        : "covered"
      : required
        ? "❌ **UNCOVERED (required)**"
        : "⚠ **uncovered**";
    out.push(
      `| ${c.rule.id} | ${status} | ${cell(firstWords(c.rule.text))} | ${fileLinks(c.scenarios, "scenarios/")} | ${fileLinks(c.tests, "")} |`,
    );
  }
  if (unknown.size > 0) {
    out.push("", "## IDs named but not defined in BEHAVIOR.md", "");
    for (const [id, files] of unknown) out.push(`- ${id}: ${fileLinks([...new Set(files)], "")}`);
  }
  out.push("");
  return out.join("\n");
}

/** Repository-relative path with forward slashes. */
function repoPath(root: string, file: string): string {
  return relative(root, file).split(sep).join("/");
}

export interface Paths {
  readonly root: string;
  readonly behavior: string;
  readonly output: string;
}

export function defaultPaths(env: NodeJS.ProcessEnv = process.env): Paths {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const specDir = env["LATCHKEY_SPEC_DIR"]
    ? resolve(env["LATCHKEY_SPEC_DIR"])
    : resolve(root, "../shared/spec");
  return { root, behavior: join(specDir, "BEHAVIOR.md"), output: join(root, "docs", "coverage.md") };
}

/** Reads the spec and the repository and works out the coverage. */
export function collect(paths: Paths): ReportInput {
  const spec = parseSpec(readFileSync(paths.behavior, "utf8"));
  const mentions = (files: readonly string[], find: (text: string) => string[]): Map<string, string[]> =>
    new Map(files.map((f) => [repoPath(paths.root, f), find(readFileSync(f, "utf8"))]));
  const scenarios = mentions(
    listFiles(join(paths.root, "scenarios"), [".yaml", ".yml", ".json"]),
    findRuleIds,
  );
  const tests = mentions(
    [
      ...listFiles(join(paths.root, "src"), [".test.ts"]),
      ...listFiles(join(paths.root, "test"), [".test.ts"]),
    ],
    findTestRuleIds,
  );
  return {
    spec,
    coverage: computeCoverage(spec.rules, scenarios, tests),
    unknown: unknownMentions(spec.rules, scenarios, tests),
    specPath: repoPath(paths.root, paths.behavior),
  };
}

export function main(argv: readonly string[]): number {
  const paths = defaultPaths();
  if (!existsSync(paths.behavior)) {
    console.error(
      `rule-coverage: ${paths.behavior} not found (set LATCHKEY_SPEC_DIR to the folder holding BEHAVIOR.md)`,
    );
    return 2;
  }
  const input = collect(paths);
  if (input.spec.rules.length === 0) {
    console.error(`rule-coverage: no rule IDs found in ${paths.behavior}`);
    return 2;
  }
  const summary = summarize(input.spec, input.coverage);
  if (argv.includes("--check")) {
    const missing = missingRequired(input.coverage);
    if (missing.length === 0) {
      console.log(`rule-coverage: all ${summary.requiredTotal} required rules have a scenario or a test.`);
      return 0;
    }
    console.error(`rule-coverage: ${missing.length} required rule(s) have neither a scenario nor a test:`);
    for (const r of missing) console.error(`  ${r.id}  ${firstWords(r.text)}`);
    return 1;
  }
  writeFileSync(paths.output, renderReport(input));
  console.log(formatSummary(summary));
  console.log(`Wrote ${repoPath(paths.root, paths.output)}`);
  return 0;
}

function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isMain()) process.exitCode = main(process.argv.slice(2));
