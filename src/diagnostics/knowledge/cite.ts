/**
 * Small helpers for writing the knowledge base's observation tables: a number with its
 * source, an answer distribution with its source, and the sources used again and again.
 */
import type { AnswerLikelihood, Cited } from "./types.ts";

export const m = (value: number, source: string): Cited => ({ value, source });
export const d = (p: Record<string, number>, source: string): AnswerLikelihood => ({ p, source });
export const ALL = (value: string, source: string): AnswerLikelihood => d({ [value]: 1 }, source);
/** A healthy-looking answer that hides any other fault's: nothing gets that far. */
export const HIDES = (value: string, source: string): AnswerLikelihood => ({
  p: { [value]: 1 },
  source,
  decides: true,
});
export const NO_POWER = "B-PWR-4: no power, so nothing happens";
/** Corroded contacts are intermittent: what one try shows. */
export const CONTACTS =
  "B-PWR-5: the contacts add 1–9 Ω that change from run to run; on the twin about one try in four fails, the rest run slowly on a sagging supply (measured over 300 tries)";
