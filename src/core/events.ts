/**
 * Everything that can happen to the firmware, as data (STYLE.md rule 2). The shell
 * (firmware.ts) or the twin turns hardware into these; `step` turns them into effects.
 */
import type { KeyName } from "./keys.ts";
import type { BoltPosition, PersistentState, TimerName } from "./state.ts";

export type { BoltPosition, TimerName } from "./state.ts";
import type { RadioCommand } from "./radio-types.ts";
import type { DeviceSecret } from "./security/device-secret.ts";

export type CoreEvent =
  /**
   * The pack went in (or power came back). `stored` is what the non-volatile store held
   * (null when empty or unreadable); `heldKeys` are keys already down at that moment.
   * `freshSecret` is needed only when nothing is stored: the lock is being made (or remade,
   * its memory lost), and the shell drew a new secret from the Entropy port (B-SEC-7).
   */
  | {
      readonly type: "power.up";
      readonly stored: PersistentState | null;
      readonly freshSecret?: DeviceSecret;
      readonly heldKeys: readonly KeyName[];
      readonly boltPosition: BoltPosition;
      readonly restV: number;
      readonly doorClosed?: boolean;
      /** Why the electronics started: a fresh pack, or a recovery from a brown-out. */
      readonly resetCause?: "power-on" | "brown-out";
      readonly temperatureC?: number;
    }
  | { readonly type: "key.down"; readonly key: KeyName }
  | { readonly type: "key.up"; readonly key: KeyName }
  | { readonly type: "timer"; readonly name: TimerName }
  /** The position switch changed; `by` is set when the cylinder or thumbturn sensor moved it. */
  | { readonly type: "bolt.position"; readonly position: BoltPosition; readonly by?: "key" | "thumbturn" }
  /** Motor current and supply voltage while the motor runs (the twin reports changes). */
  | { readonly type: "motor.current"; readonly currentMa: number; readonly supplyV: number }
  /** A reading of the pack at rest, answering a `battery.measure` effect or at intervals. */
  | { readonly type: "battery.sample"; readonly restV: number; readonly temperatureC?: number }
  /** Door position sensor (profiles with `doorSensor`). */
  | { readonly type: "door.sensor"; readonly closed: boolean }
  /** A command over the radio; its result carries `requestId` (every result answers one request). */
  | { readonly type: "radio.command"; readonly command: RadioCommand; readonly requestId: string }
  /**
   * A person pressed the lock's radio button (Z-Wave "A", MANUFACTURER.md): the lock announces
   * itself and listens for a controller that is including or excluding (profile `pairing`).
   */
  | { readonly type: "radio.button" };
