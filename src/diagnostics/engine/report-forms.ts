/**
 * The forms of each cause (knowledge base `causeClasses`) compiled into arrays for
 * report-mixture.ts: a weight, symptom rows and raw answer rows by observation index.
 */
import type { FaultId, SymptomId } from "../knowledge/ids.ts";
import { SYMPTOM_IDS } from "../knowledge/ids.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";

/** What compiling forms needs of an observation (model.ts's CompiledObservation has it). */
interface ObservationSlot {
  readonly index: number;
  readonly entry: { readonly id: string; readonly values: readonly string[] };
}

/** One form of one cause, compiled: its weight, symptom rows, and raw answer rows by observation index. */
export interface CompiledForm {
  readonly weight: number;
  readonly said: Float64Array;
  readonly noticed: Float64Array;
  readonly rows: ReadonlyMap<number, Float64Array>;
}

/** The forms of every cause of the model (null: the cause's own tables, one form). */
export function compileForms(
  kb: KnowledgeBase,
  faults: readonly string[],
  observations: readonly ObservationSlot[],
): (readonly CompiledForm[] | null)[] {
  const classes = kb.causeClasses;
  return faults.map((f) => {
    const list = classes?.byFault[f as FaultId];
    if (!list || list.length === 0) return null;
    const total = list.reduce((a, c) => a + c.weight, 0);
    return list.map((c) => {
      const said = Float64Array.from(SYMPTOM_IDS, (s: SymptomId) => c.said[s] ?? 0);
      const noticed = Float64Array.from(SYMPTOM_IDS, (s: SymptomId) => c.noticed[s] ?? 0);
      const rows = new Map<number, Float64Array>();
      for (const o of observations) {
        const row = c.answers[o.entry.id];
        if (row)
          rows.set(
            o.index,
            Float64Array.from(o.entry.values, (v) => row[v] ?? 0),
          );
      }
      return { weight: c.weight / total, said, noticed, rows };
    });
  });
}
