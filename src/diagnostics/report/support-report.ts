/**
 * The support report (issue 15): when the troubleshooter ends at "call support", what the
 * person takes to the call — seed 000's five items filled in as far as the session knows
 * them, the number, hours and warranty terms (knowledge/support.ts), what they said, what
 * was tried and how it went, the causes still likely now, and a scenario file that
 * reproduces the lock: a copy of the simulated lock (`scenario/export-scenario.ts`), or,
 * with a real lock we cannot read, the likeliest causes written as one, marked a guess.
 */
import { getProfile } from "../../core/profiles/index.ts";
import { buildTwin } from "../../scenario/build-twin.ts";
import type { FaultId } from "../../twin/fault-ids.ts";
import type { TroubleshootingSession } from "../engine/session.ts";
import type { SymptomId } from "../knowledge/ids.ts";
import type { SupportContact } from "../knowledge/support.ts";
import { KWIKSET_SUPPORT } from "../knowledge/support.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";

export interface SupportReportInput {
  readonly session: TroubleshootingSession;
  readonly profile?: string;
  readonly symptoms: readonly SymptomId[];
  /** How many user codes the household has (seed 000 item 5). */
  readonly codeCount?: number;
  /** Whether the person knows the master (programming) code. */
  readonly knowsMasterCode?: boolean;
  /** A scenario file that reproduces the lock: a copy of it, or a guess from the answers. */
  readonly scenario?: { readonly yaml: string; readonly kind: "copy" | "guess" };
}

const pct = (p: number): string =>
  p >= 0.995 ? "over 99 %" : p < 0.01 ? "under 1 %" : `${Math.round(p * 100)} %`;

/** The report as Markdown text. */
export function supportReport(
  kb: KnowledgeBase,
  input: SupportReportInput,
  contact: SupportContact = KWIKSET_SUPPORT,
): string {
  const model = input.profile ? getProfile(input.profile) : undefined;
  const says = (id: string): string => kb.symptoms.find((s) => s.id === id)?.says ?? id;
  const taken = input.session.taken();
  const lines: string[] = [
    "# Support report (Latchkey doctor)",
    "",
    `Call ${contact.phone.label}: **${contact.phone.number}** — ${contact.hours.text} (${contact.hours.source}; the same seed also calls the line "24/7").`,
    `Warranty: ${contact.warranty.text} (${contact.warranty.source})`,
    "",
    "## The five things to have ready (seed 000)",
    "",
    `1. ${contact.items[0]?.item}: ${model ? `${model.name} (Latchkey profile \`${model.id}\`) — read the full number off the label` : "not known yet — read it off the label inside the battery cover"}.`,
    `2. ${contact.items[1]?.item}: have it at hand (the troubleshooter does not know it).`,
    `3. ${contact.items[2]?.item}: ${taken.length} step${taken.length === 1 ? "" : "s"}, listed below.`,
    `4. ${contact.items[3]?.item}: film the keypad and the bolt while you press Lock with the door closed, then type your code.`,
    `5. ${contact.items[4]?.item}: master code ${input.knowsMasterCode === undefined ? "known? (say whether you know it)" : input.knowsMasterCode ? "known" : "not known"}; ${input.codeCount === undefined ? "user code count not given" : `${input.codeCount} user code${input.codeCount === 1 ? "" : "s"}`}.`,
    "",
    "## What is wrong",
    "",
    ...input.symptoms.map((s) => `- "${says(s)}"`),
    "",
    "## Steps tried",
    "",
    ...(taken.length === 0
      ? ["- none yet"]
      : taken.map((t, i) => `${i + 1}. ${t.kind === "fix" ? "Fix" : "Asked"}: ${t.text} → ${t.outcome}`)),
    "",
    "## Causes still likely now",
    "",
    ...input.session
      .causes(5, { by: "now" })
      .map(
        (c) =>
          `- ${c.cause} (\`${c.fault}\`): ${pct(c.stillPresent)} now, ${pct(c.probability)} at the start`,
      ),
    "",
    `What the seeds do not say: ${contact.gaps.join(" ")}`,
  ];
  if (input.scenario) {
    lines.push(
      "",
      input.scenario.kind === "copy"
        ? "## The lock as a scenario file (a copy: `latchkey scenario run` rebuilds it)"
        : "## A scenario file from the answers (a guess: the likeliest causes, not a copy of the lock)",
      "",
      "```yaml",
      input.scenario.yaml.trimEnd(),
      "```",
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A scenario file built from the session alone (no lock to copy): the model and the causes
 * still at 20 % or more now (at most two), on a lock that is otherwise ready. A support agent
 * can run it to see what the person most likely faces.
 */
export function guessedScenario(session: TroubleshootingSession, profile: string | undefined): string {
  const id = profile ?? "smartcode-914";
  const likely = session
    .causes(2, { by: "now" })
    .filter((c) => c.stillPresent >= 0.2)
    .map((c) => c.fault)
    .filter((f) => buildsOn(id, f)); // a cause this stand-in lock cannot take is left out
  const lines = [
    "# Written by latchkey doctor from a person's answers: a guess at their lock, not a copy of it.",
    `scenario: "the likeliest causes: ${likely.join(" and ") || "none stands out"}"`,
    "lock:",
    `  profile: ${id}${profile ? "" : "   # the model was not known; the guides' commonest"}`,
    "  state: ready",
    "  door: closed",
    '  codes: [{ slot: 1, code: "2947" }]   # a stand-in: the person\'s real code stays with them',
    ...(likely.length > 0 ? [`  faults: [${likely.join(", ")}]`] : []),
    "steps:",
    "  - keys: lock",
    "  - expect: {}",
  ];
  return `${lines.join("\n")}\n`;
}

/** Whether the stand-in lock of `guessedScenario` can be built with this fault. */
function buildsOn(profile: string, fault: FaultId): boolean {
  const built = buildTwin(
    {
      line: 1,
      profile,
      state: "ready",
      door: "closed",
      batteries: "fresh",
      codes: [{ slot: 1, code: "2947" }],
      faults: [fault],
      temperatureC: 20,
      settings: {},
      timeMs: Date.parse("2026-03-02T08:00:00Z"),
    },
    "guess",
  );
  return !("problems" in built);
}
