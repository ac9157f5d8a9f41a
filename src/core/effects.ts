/**
 * What the firmware asks the hardware to do, as data (STYLE.md rule 2). The shell carries
 * effects out through ports; tests and the twin read them directly.
 */
import type { Signal, SignalName } from "./signals.ts";
import type { PersistentState, TimerName } from "./state.ts";
import type { RadioReport } from "./radio-types.ts";
import type { HistoryEntry } from "./history.ts";

/** Motor drive in the motor's own frame; the learned handing maps extend/retract to it. */
export type MotorDrive = "cw" | "ccw" | "stop";

export type CoreEffect =
  | { readonly type: "motor"; readonly drive: MotorDrive }
  | { readonly type: "signal"; readonly name: SignalName | "procedure"; readonly signal: Signal }
  | { readonly type: "timer.start"; readonly name: TimerName; readonly ms: number }
  | { readonly type: "timer.cancel"; readonly name: TimerName }
  | { readonly type: "store.commit"; readonly state: PersistentState }
  | { readonly type: "radio.report"; readonly report: RadioReport }
  | { readonly type: "history"; readonly entry: HistoryEntry }
  | { readonly type: "battery.measure" };
