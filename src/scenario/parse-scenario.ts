// Reads a scenario file (YAML, or JSON, which is YAML 1.2) into the AST of scenario-types.ts, or
// into every problem found, each with its 1-based line and a reason a person understands
// (SCENARIOS.md: "a file that is not valid scenario language exits 2 with the line and the
// reason"). The yaml Document API keeps each node's source range, so a zod issue's path leads back
// to the line of the offending value, field or step. Codes and keys are read from their source
// text, because YAML would turn `code: 0042` into the number 42 and lose the zeros.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import type { z } from "zod";
import { scenarioFileSchema, showValue } from "./scenario-schema.ts";
import { MAX_SCENARIO_SECONDS, MAX_SCENARIO_WORDS } from "./duration.ts";

/** SCENARIOS.md: "Each press takes 0.5 s of lock time." */
const PRESS_SECONDS = 0.5;
import type { ParseResult, Scenario, ScenarioProblem, Step } from "./scenario-types.ts";

/** What the parser needs to know that the file cannot tell it. */
export interface ParseScenarioOptions {
  /** The profile ids `lock.profile` may name (the profile registry's ids). */
  profileIds: readonly string[];
}

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

/**
 * Where scalars are taken as written rather than as YAML reads them: codes and key presses are
 * digit strings, and `0000` must not become `0`. `*` is every item of a list.
 */
const SOURCE_TEXT_PATHS: readonly (readonly string[])[] = [
  ["scenario"],
  ["lock", "programmingCode"],
  ["lock", "codes", "*", "code"],
  ["steps", "*", "keys"],
  ["steps", "*", "press"],
  ["steps", "*", "release"],
  ["steps", "*", "hold", "key"],
  ["steps", "*", "remote", "setCode", "code"],
];

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a mapping (field: value)",
  record: "a mapping (name: value)",
  array: "a list",
  date: "a date-time",
};

/**
 * YAML errors whose library wording speaks to a programmer ("please use
 * YAML.parseAllDocuments()") rather than to the person who wrote the file.
 */
const YAML_ERROR_WORDS: Readonly<Record<string, string>> = {
  MULTIPLE_DOCS:
    "a second YAML document starts here (a second ---): a scenario file holds one scenario; put each in its own file",
  RESOURCE_EXHAUSTION: "YAML: lists or mappings are nested too deeply to read",
};

const MISSING_HINTS: Readonly<Record<string, string>> = {
  scenario: " (the scenario's title)",
  lock: " (the lock's setup: at least its profile)",
  steps: " (the list of steps)",
};

/**
 * Parses scenario text. Never throws for any input: the answer is a scenario, or the problems
 * (YAML syntax errors first and alone, since a broken document cannot be checked further; then
 * every schema problem, sorted by line).
 */
export function parseScenario(text: string, file: string, options: ParseScenarioOptions): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const lineAt = (offset: number): number => Math.max(1, lineCounter.linePos(offset).line);
  const problem = (line: number, reason: string): ScenarioProblem => ({ file, line, reason });

  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) =>
        problem(
          lineAt(e.pos[0]),
          (/Maximum call stack/.test(e.message) ? YAML_ERROR_WORDS.RESOURCE_EXHAUSTION : undefined) ??
            YAML_ERROR_WORDS[e.code] ??
            `YAML syntax: ${e.message}`,
        ),
      ),
    );
  }
  if (doc.contents === null) {
    return fail([problem(1, "the file is empty: a scenario needs scenario (a title), lock and steps")]);
  }
  const oddKey = firstOddKey(doc);
  if (oddKey !== null) {
    // A list, mapping or binary as a key would be turned into text by toJS (with a warning on
    // stderr) and then reported as an unknown field with garbled characters.
    return fail([
      problem(
        lineAt(oddKey),
        "a field name must be a plain word (like keys or expect), not a list, mapping or binary value",
      ),
    ]);
  }
  for (const path of SOURCE_TEXT_PATHS) keepSourceText(doc, doc.contents, path, text);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // yaml refuses documents that expand aliases without bound ("billion laughs").
    return fail([problem(1, `YAML: ${e instanceof Error ? e.message : String(e)}`)]);
  }

  const lineOf = (path: Path, preferKey = false): number => {
    const found = walk(doc, path);
    const node = found.complete && !preferKey ? (found.node ?? found.key) : (found.key ?? found.node);
    const start = node?.range?.[0];
    return start === undefined ? 1 : lineAt(start);
  };

  const result = scenarioFileSchema(options).safeParse(data, { error: defaultMessage, reportInput: true });
  if (!result.success) {
    const problems = flatten(result.error.issues, []).map((p) =>
      problem(lineOf(p.at, p.preferKey), reasonFor(p, options)),
    );
    return fail(problems);
  }

  const { scenario: title, lock, steps } = result.data;
  const scenario: Scenario = {
    file,
    title,
    lock: {
      line: lineOf(["lock"], true),
      ...lock,
      lines: {
        ...(lock.programmingCode === undefined
          ? {}
          : { programmingCode: lineOf(["lock", "programmingCode"]) }),
        ...(lock.paired === undefined ? {} : { paired: lineOf(["lock", "paired"]) }),
        codes: lock.codes.map((_, i) => lineOf(["lock", "codes", i])),
        faults: lock.faults.map((_, i) => lineOf(["lock", "faults", i])),
        settings: Object.fromEntries(
          Object.keys(lock.settings).map((name) => [name, lineOf(["lock", "settings", name], true)]),
        ),
      },
    },
    steps: steps.map((body, i): Step => ({ ...body, line: lineOf(["steps", i]), index: i + 1 })),
  };
  const tooLong = pastMaxLockTime(scenario.steps);
  if (tooLong) {
    return fail([
      problem(
        tooLong.line,
        `step ${tooLong.index}: the steps so far add up to more lock time than a scenario may run (at most ${MAX_SCENARIO_WORDS})`,
      ),
    ]);
  }
  return { ok: true, scenario };
}

/** The first step at which the scenario's lock time passes the bound (each press takes 0.5 s). */
function pastMaxLockTime(steps: readonly Step[]): Step | null {
  let seconds = 0;
  for (const step of steps) {
    if (step.kind === "wait" || step.kind === "hold") seconds += step.seconds;
    else if (step.kind === "keys") seconds += step.keys.length * PRESS_SECONDS;
    if (seconds > MAX_SCENARIO_SECONDS) return step;
  }
  return null;
}

function fail(problems: ScenarioProblem[]): ParseResult {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const id = `${p.line}\n${p.reason}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { ok: false, problems: unique.sort((a, b) => a.line - b.line) };
}

// ---------------------------------------------------------------------------------------------
// From the YAML document

/** Where the first mapping key that is not a plain scalar starts (a list, a mapping, `!!binary`), or null. */
function firstOddKey(doc: Document): number | null {
  let at: number | null = null;
  visit(doc, {
    Pair(_, pair) {
      const key: unknown = pair.key;
      if (key === null || isAlias(key)) return undefined;
      if (isScalar(key) && (key.value === null || typeof key.value !== "object")) return undefined;
      at = (key as { range?: [number, number, number] | null }).range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return at;
}

/** Replaces a plain number scalar at `path` by its source text, so `0042` stays "0042". */
function keepSourceText(doc: Document, node: unknown, path: readonly string[], text: string): void {
  const here = isAlias(node) ? node.resolve(doc) : node;
  const [head, ...rest] = path;
  if (head === undefined) {
    if (isScalar(here) && typeof here.value === "number") {
      const range = here.range;
      here.value = here.source ?? (range ? text.slice(range[0], range[1]).trim() : String(here.value));
    }
    return;
  }
  if (head === "*") {
    if (isSeq(here)) for (const item of here.items) keepSourceText(doc, item, rest, text);
  } else if (isMap(here)) {
    const pair = here.items.find((p) => isScalar(p.key) && String(p.key.value) === head);
    if (pair) keepSourceText(doc, pair.value, rest, text);
  }
}

/**
 * Follows `path` through the document as far as it goes: the value node reached, the key node of
 * the last mapping entry on the way (for lines of fields), and whether the whole path exists.
 */
function walk(doc: Document, path: Path): { node?: YamlNode; key?: YamlNode; complete: boolean } {
  let node: unknown = doc.contents;
  let key: YamlNode | undefined;
  let depth = 0;
  for (const segment of path) {
    const here = isAlias(node) ? node.resolve(doc) : node;
    if (isMap(here)) {
      const pair = here.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      key = isScalar(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(here) && typeof segment === "number" && segment < here.items.length) {
      key = undefined;
      node = here.items[segment];
    } else {
      break;
    }
    depth++;
  }
  const asNode = (n: unknown): YamlNode | undefined =>
    isScalar(n) || isMap(n) || isSeq(n) || isAlias(n) ? n : undefined;
  return { node: asNode(node), key, complete: depth === path.length };
}

// ---------------------------------------------------------------------------------------------
// From zod issues to problems

/** One problem before it has a line: where to point (`at`), what the reason is about (`about`). */
interface PendingProblem {
  at: Path;
  preferKey: boolean;
  about: Path;
  message: string;
  custom: boolean;
}

/**
 * Turns zod issues into pending problems: one per unknown field (each at its own line), missing
 * fields at their parent, and a union's problems from the form the value was evidently meant to
 * have (a mapping given to `remote` is checked as a command object, not as `lock`/`unlock`).
 */
function flatten(issues: readonly Issue[], base: Path): PendingProblem[] {
  const out: PendingProblem[] = [];
  for (const issue of issues) {
    const path: Path = [...base, ...issue.path];
    if (
      (issue.code === "invalid_type" || issue.code === "invalid_union") &&
      issue.input === undefined &&
      path.length > 0
    ) {
      const parent = path.slice(0, -1);
      const field = String(path[path.length - 1]);
      out.push({
        at: parent,
        preferKey: true,
        about: parent,
        message: `missing required field ${JSON.stringify(field)}${MISSING_HINTS[field] ?? ""}`,
        custom: true,
      });
    } else if (issue.code === "invalid_union") {
      const meant = issue.errors.find(
        (branch) =>
          branch.length > 0 &&
          !branch.some(
            (i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value"),
          ),
      );
      if (meant) out.push(...flatten(meant, path));
      else out.push({ at: path, preferKey: false, about: path, message: issue.message, custom: false });
    } else if (issue.code === "unrecognized_keys") {
      const noun = isStepPath(path) ? "step" : "field";
      for (const k of issue.keys) {
        out.push({
          at: [...path, k],
          preferKey: true,
          about: path,
          message: `unknown ${noun} ${JSON.stringify(k)} (${issue.message})`,
          custom: true,
        });
      }
    } else {
      out.push({
        at: path,
        preferKey: false,
        about: path,
        message: issue.message,
        custom: issue.code === "custom",
      });
    }
  }
  return out;
}

function isStepPath(path: Path): boolean {
  return path.length === 2 && path[0] === "steps" && typeof path[1] === "number";
}

/**
 * The reason as a person reads it: `step 3: ...` for steps, the field path (list entries counted
 * from 1, like steps) and the message. A step's own checks (`unknown key name "enter"`) need no
 * field path; generic ones do (`step 4: door: "ajar" is not one of: open, closed`).
 */
function reasonFor(p: PendingProblem, options: ParseScenarioOptions): string {
  let message = p.message;
  if (
    p.about.length === 1 &&
    p.about[0] === "lock" &&
    message.startsWith(`missing required field "profile"`)
  ) {
    message += ` (known profiles: ${options.profileIds.join(", ") || "none"})`;
  }
  const [first, second, ...rest] = p.about;
  if (first === "steps" && typeof second === "number") {
    // A step's own checks need no field path; a missing field names the step kind it belongs to
    // (`step 2: hold: missing required field "seconds"`).
    const own = rest.length === 1 && p.custom && !message.startsWith("missing required field");
    const field = rest.length === 0 || own ? "" : `${fieldPath(rest)}: `;
    return `step ${second + 1}: ${field}${message}`;
  }
  return p.about.length === 0 ? message : `${fieldPath(p.about)}: ${message}`;
}

function fieldPath(path: Path): string {
  return path
    .map((s, i) => (typeof s === "number" ? `[${s + 1}]` : `${i === 0 ? "" : "."}${String(s)}`))
    .join("");
}

/** Messages for the issues the schemas do not word themselves. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "missing";
      return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${showValue(issue.input)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}, got ${showValue(issue.input)}`
        : `${showValue(issue.input)} is not one of: ${issue.values.map(String).join(", ")}`;
    case "too_small":
      if (issue.origin === "array")
        return `needs at least ${issue.minimum} ${issue.minimum === 1 ? "entry" : "entries"}`;
      if (issue.origin === "string") return "must not be empty";
      return `must be ${issue.inclusive ? "at least" : "more than"} ${issue.minimum}, got ${showValue(issue.input)}`;
    case "too_big":
      if (issue.origin === "array") return `allows at most ${issue.maximum} entries`;
      if (issue.origin === "string") return `is too long (at most ${issue.maximum} characters)`;
      return `must be ${issue.inclusive ? "at most" : "less than"} ${issue.maximum}, got ${showValue(issue.input)}`;
    case "invalid_union":
      return `${showValue(issue.input)} does not have any of the allowed forms`;
    default:
      return undefined;
  }
}
