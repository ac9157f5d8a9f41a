/**
 * Turns what the lock reports — twin/telemetry.ts and its history (B-SEC-5, shown in the
 * app per B-NET-2) — into the answers of the knowledge base's telemetry observations. The
 * bands are the firmware's own thresholds where it has them (B-PWR-2/3: 1.3 and 1.15 V a
 * cell; 4.0 V under load) and REFERENCES' figures otherwise.
 */
import type { HistoryEntry } from "../../core/history.ts";
import type { LockTelemetry } from "../../twin/telemetry.ts";

export interface TelemetryContext {
  /** How many codes the household has (B-CARE-5); without it "fewer" cannot be told. */
  readonly codeCount?: number;
  /** The model's slot count; without it "full" cannot be told. */
  readonly capacity?: number;
  readonly radio?: boolean;
}

/** A run that "finishes" this fast never moved the bolt (REFERENCES, GreenPAK note). */
export const NO_TRAVEL_MS = 50;
/** A healthy extend takes about 0.45 s at 450 mA (docs/twin.md); well beyond that is heavy. */
export const SLOW_RUN_MS = 700;
export const HEAVY_RUN_MA = 550;
/** The twin's free-spinning motor draws 40 mA; a stall 0.4–0.8 A (REFERENCES: 0.5–1 A). */
export const FREE_SPIN_MA = 100;
/**
 * A jam whose attempts all stalled at once: B-BOLT-6 stops each attempt at the end of its
 * blanking (150 ms on the guide models, three attempts: about 450 ms in all), while a bolt
 * that travelled before it stalled — into a misaligned strike, 17.5 mm into the throw — takes
 * over a second. Friction in the bolt's housing (dry, cold) or a pack too weak to start the
 * motor acts from the first millimetre; a strike only at the end of the throw. On development
 * cases 0–2,999 every strike's jam took 1.0–4.0 s and every other stall under 0.6 s or over 4 s.
 */
export const STALL_AT_ONCE_MS = 800;

function packBand(v: number): string {
  if (v >= 6.0) return "fresh"; // 1.5 V a cell
  if (v >= 5.2) return "part-used"; // B-PWR-2: 1.3 V a cell
  if (v >= 4.6) return "low"; // B-PWR-3: 1.15 V a cell
  return "very-low";
}

function supplyBand(v: number): string {
  if (v >= 5.5) return "steady";
  if (v >= 4.0) return "sagging"; // the firmware's low-under-load threshold
  return "collapsing";
}

function runBand(t: LockTelemetry): string {
  const run = t.lastRun;
  if (!run) return "none";
  if (run.outcome === "wrong-end") return "no-travel";
  if (run.outcome === "ok") {
    if (run.durationMs < NO_TRAVEL_MS) return "no-travel";
    return run.durationMs >= SLOW_RUN_MS || run.peakCurrentMa >= HEAVY_RUN_MA ? "slow" : "ok";
  }
  if (run.peakCurrentMa <= 0) return "no-current";
  if (run.peakCurrentMa < FREE_SPIN_MA) return "free-spin";
  return run.durationMs < STALL_AT_ONCE_MS ? "stalled-at-once" : "stalled";
}

/** The newest refusal or lockout in the history, classed by its detail text. */
export function refusalBand(history: readonly HistoryEntry[]): string {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i];
    if (!e) continue;
    if (e.kind === "lockout") return "lockout";
    if (e.kind !== "refused") continue;
    const d = e.detail ?? "";
    if (d.includes("outside its window")) return "outside-window";
    if (d.includes("programming code never unlocks")) return "programming-code";
    if (d.includes("mode")) return "keypad-off";
    if (d.includes("handing")) return "not-handed";
    if (d.includes("battery") || d.includes("sag")) return "battery";
    if (d.includes("first 4 digits")) return "prefix-clash";
    if (d.includes("slots are used")) return "slots-full";
    if (d.includes("wrong")) return "wrong-code";
  }
  return "none";
}

/** The telemetry observations' answers; only what the report supports is given. */
export function telemetryFindings(
  t: LockTelemetry,
  history: readonly HistoryEntry[],
  ctx: TelemetryContext = {},
): Record<string, string> {
  const f: Record<string, string> = { "tm-responding": t.responding ? "yes" : "no" };
  if (!t.responding) return f;
  if (t.packRestV !== null) f["tm-pack"] = packBand(t.packRestV);
  const supply = t.lastRun?.minSupplyV ?? t.packUnderLoadV;
  f["tm-motor-supply"] = t.lastRun === null || supply === null ? "no-run" : supplyBand(supply);
  f["tm-last-run"] = runBand(t);
  f["tm-brownouts"] = t.brownOuts > 0 ? "some" : "none";
  if (t.temperatureC !== null) f["tm-cold"] = t.temperatureC < 0 ? "yes" : "no";
  f["tm-lockout"] = t.lockedOutForMs > 0 ? "yes" : "no";
  f["tm-handed"] = t.handed ? "yes" : "no";
  if (t.codes === 0) f["tm-codes"] = "none";
  else if (ctx.capacity !== undefined && t.codes >= ctx.capacity) f["tm-codes"] = "full";
  else if (ctx.codeCount !== undefined) f["tm-codes"] = t.codes < ctx.codeCount ? "fewer" : "as-expected";
  f["tm-mode"] = t.mode === "vacation" ? "vacation" : "normal";
  if (ctx.radio !== false) f["tm-paired"] = t.paired ? "yes" : "no";
  f["tm-refusal"] = refusalBand(history);
  return f;
}

/** Words for the evidence a telemetry answer gives, with the lock's own numbers. */
export function telemetryWords(id: string, value: string, t: LockTelemetry | undefined): string | undefined {
  if (!t) return undefined;
  const run = t.lastRun;
  switch (id) {
    case "tm-pack":
      return t.packRestV === null
        ? undefined
        : `the pack reads ${t.packRestV.toFixed(2)} V at rest (${(t.packRestV / 4).toFixed(2)} V a cell)`;
    case "tm-motor-supply":
      return run ? `battery voltage fell to ${run.minSupplyV.toFixed(1)} V under the motor` : undefined;
    case "tm-last-run":
      if (!run) return "the lock has no motor run on record";
      if (value === "stalled")
        return `the last run stalled at ${run.peakCurrentMa} mA after ${run.attempts} attempts and ${(run.durationMs / 1000).toFixed(1)} s — the bolt moved before it stopped`;
      if (value === "stalled-at-once")
        return `the last run stalled at ${run.peakCurrentMa} mA at once, ${run.attempts} attempts in ${Math.round(run.durationMs)} ms — the bolt could not get going`;
      if (value === "free-spin")
        return `the motor ran at only ${run.peakCurrentMa} mA for ${(run.durationMs / 1000).toFixed(1)} s without the bolt arriving`;
      if (value === "no-current") return "the motor drew no current at all";
      if (value === "no-travel")
        return `the last run 'finished' in ${Math.round(run.durationMs)} ms — the bolt never travelled`;
      if (value === "slow")
        return `the last run took ${(run.durationMs / 1000).toFixed(1)} s at ${run.peakCurrentMa} mA`;
      return undefined;
    case "tm-cold":
      return t.temperatureC === null ? undefined : `the lock reads ${t.temperatureC} °C`;
    case "tm-lockout":
      return value === "yes"
        ? `the keypad is locked out for another ${Math.ceil(t.lockedOutForMs / 1000)} s`
        : undefined;
    case "tm-codes":
      return `the lock holds ${t.codes} code${t.codes === 1 ? "" : "s"}`;
    case "tm-brownouts":
      return value === "some"
        ? `the lock has reset ${t.brownOuts} time${t.brownOuts === 1 ? "" : "s"} from a supply brown-out`
        : undefined;
    default:
      return undefined;
  }
}
