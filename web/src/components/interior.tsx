// The inside of the lock: Program button, reset hole and clutch lever where the model has
// them, the battery pack, the thumbturn and the status LED.
import { api } from "../api-client.ts";
import type { LockSnapshot } from "../api-types.ts";
import { useCatalogue } from "../use-catalogue.ts";
import { volts } from "../format.ts";
import type { LedColor } from "../signal-player.ts";
import { HoldToggle, KeyButton } from "./key-button.tsx";
import { withoutRuleIds } from "../words.ts";
import { Led } from "./led.tsx";

export function Interior(props: { lock: LockSnapshot; led: LedColor }) {
  const { lock } = props;
  const { interior } = lock.profile;
  return (
    <section class="side interior" aria-labelledby={`${lock.id}-inside`}>
      <h3 id={`${lock.id}-inside`}>Inside</h3>
      <div class="interior-plate">
        <div class="indicators">
          <Led color={lock.powered ? props.led : "off"} label="Status LED" />
          <span class="power-word">{lock.powered ? "powered" : "no power"}</span>
        </div>
        <div class="control-row">
          <KeyButton lock={lock} keyName="program" accessibleName="Program" class="key-program">
            Program
          </KeyButton>
          <HoldToggle lock={lock} keyName="program" label="Program" />
        </div>
        {interior.resetHole && (
          <div class="control-row">
            <KeyButton
              lock={lock}
              keyName="reset"
              accessibleName="Reset hole (press with a paper clip)"
              class="key-reset"
            >
              <span class="hole" aria-hidden="true" /> Reset hole
            </KeyButton>
            <HoldToggle lock={lock} keyName="reset" label="reset hole" />
          </div>
        )}
        <Thumbturn lock={lock} />
        <BatteryPack lock={lock} />
        {interior.clutchLever && <ClutchLever lock={lock} />}
      </div>
    </section>
  );
}

function Thumbturn({ lock }: { lock: LockSnapshot }) {
  const angle = (lock.boltMm / lock.boltThrowMm) * 90;
  return (
    <div class="control-group thumbturn" role="group" aria-label="Thumbturn">
      <span class="group-label">Thumbturn</span>
      <span class="thumbturn-knob" aria-hidden="true">
        <span class="thumbturn-bar" style={{ transform: `rotate(${angle}deg)` }} />
      </span>
      <button type="button" onClick={() => void api.turn(lock.id, { by: "thumbturn", direction: "lock" })}>
        Turn the thumbturn to lock
      </button>
      <button type="button" onClick={() => void api.turn(lock.id, { by: "thumbturn", direction: "unlock" })}>
        Turn the thumbturn to unlock
      </button>
    </div>
  );
}

function BatteryPack({ lock }: { lock: LockSnapshot }) {
  const { pack } = lock;
  // The packs and what each does come from the server (src/twin/pack-levels.ts): one definition.
  const packs = useCatalogue(lock)?.packs ?? [];
  const cells = [0, 1, 2, 3];
  return (
    <div class="control-group pack" role="group" aria-label="Battery pack">
      <span class="group-label">Battery pack (4 × AA)</span>
      <div class={`cells ${pack.inserted ? "" : "is-out"}`} aria-hidden="true">
        {cells.map((i) => (
          <span
            key={i}
            class={`cell ${pack.kind === "reversed" && i === 1 ? "is-reversed" : ""} cell-${pack.kind ?? "none"}`}
          />
        ))}
      </div>
      <p class="pack-state" data-testid="pack-state">
        {pack.inserted
          ? `In the lock: ${pack.kind ?? "?"} pack, ${volts(pack.restV)} at rest`
          : "Out of the lock"}
      </p>
      {pack.inserted ? (
        <button type="button" onClick={() => void api.pack(lock.id, { action: "remove" })}>
          Take the pack out
        </button>
      ) : (
        <button type="button" onClick={() => void api.pack(lock.id, { action: "insert" })}>
          Put the pack back
        </button>
      )}
      <div class="pack-kinds" role="group" aria-label="Put in a new pack">
        <span class="group-label">New pack:</span>
        {packs.map(({ kind, description }) => (
          <button
            type="button"
            key={kind}
            class="chip"
            title={description}
            aria-label={`Put in a new ${kind} pack: ${withoutRuleIds(description)}`}
            onClick={() => void api.pack(lock.id, { action: "replace", kind })}
          >
            {kind}
          </button>
        ))}
      </div>
    </div>
  );
}

function ClutchLever({ lock }: { lock: LockSnapshot }) {
  const engaged = lock.clutch === "engaged";
  return (
    <div class="control-group clutch" role="group" aria-label="Clutch lever (cover off)">
      <span class="group-label">Clutch lever (cover off)</span>
      <span class={`lever ${engaged ? "" : "is-out"}`} aria-hidden="true">
        <span class="lever-arm" />
      </span>
      <span class="clutch-word" data-clutch={lock.clutch}>
        {engaged ? "seated: the motor drives the bolt" : "out of place: the motor spins free"}
      </span>
      {engaged ? (
        <button type="button" onClick={() => void api.fault(lock.id, "clutch-disengaged")}>
          Knock the clutch lever out of place
        </button>
      ) : (
        <button type="button" onClick={() => void api.fix(lock.id, { fix: "reseat-clutch" })}>
          Reseat the clutch lever
        </button>
      )}
    </div>
  );
}
