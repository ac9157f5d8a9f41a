// The outside of the lock: the model's keypad, its LED and beeper, and the key cylinder.
import { api } from "../api-client.ts";
import type { LockSnapshot } from "../api-types.ts";
import { keypadLayout } from "../keypad-layout.ts";
import type { KeypadButton } from "../keypad-layout.ts";
import type { LedColor } from "../signal-player.ts";
import { HoldToggle, KeyButton } from "./key-button.tsx";
import { Beeper, Led } from "./led.tsx";
import { LockoutCountdown } from "./lockout-countdown.tsx";

export function Exterior(props: { lock: LockSnapshot; led: LedColor; beeping: boolean }) {
  const { lock } = props;
  const layout = keypadLayout(lock.profile);
  const button = (b: KeypadButton, cls: string) => (
    <KeyButton lock={lock} keyName={b.key} digits={b.digits} accessibleName={b.accessibleName} class={cls}>
      {b.label}
    </KeyButton>
  );
  const confirm = button(layout.confirm, "key-confirm");
  return (
    <section class="side exterior" aria-labelledby={`${lock.id}-outside`}>
      <h3 id={`${lock.id}-outside`}>Outside</h3>
      <div class={`escutcheon escutcheon-${layout.style}`} data-keypad-style={layout.style}>
        <div class="brand">Kwikset</div>
        <div class="indicators">
          <Led color={props.led} label="Keypad LED" />
          <Beeper on={props.beeping} />
        </div>
        <div class="keypad" role="group" aria-label={`Keypad of the ${lock.profile.name}`}>
          {layout.confirmAt === "top" && confirm}
          <div class="keypad-grid" style={{ gridTemplateColumns: `repeat(${layout.columns}, 1fr)` }}>
            {layout.digits.map((b, i) =>
              b ? <span key={b.key}>{button(b, "key-digit")}</span> : <span key={`gap${i}`} />,
            )}
            {layout.confirmAt === "grid" && confirm}
          </div>
          {layout.confirmAt === "bottom" && confirm}
        </div>
        <div class="cylinder" aria-hidden="true">
          <span class="keyway" />
        </div>
      </div>
      <LockoutCountdown lock={lock} />
      {lock.profile.holdKeys.includes("lock") && (
        <HoldToggle lock={lock} keyName="lock" label={layout.confirm.accessibleName} />
      )}
      <div class="control-group" role="group" aria-label="Physical key">
        <span class="group-label">Physical key</span>
        <button type="button" onClick={() => void api.turn(lock.id, { by: "key", direction: "lock" })}>
          Turn the key to lock
        </button>
        <button type="button" onClick={() => void api.turn(lock.id, { by: "key", direction: "unlock" })}>
          Turn the key to unlock
        </button>
      </div>
    </section>
  );
}
