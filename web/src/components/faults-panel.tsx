// FAULTS.md faults and fixes. Those the twin can do for this model come first; the others
// show the twin's reason. Every id stays a button: some answers depend on the lock's state,
// and trying one shows the twin's refusal for this very lock.
import { useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { LockSnapshot } from "../api-types.ts";
import { useCatalogue } from "../use-catalogue.ts";
import { clockTime } from "../format.ts";
import { idWords, withoutRuleIds } from "../words.ts";

/** The ids the twin can do first, in FAULTS.md order; then the others. */
function byUse<T extends { supported: boolean }>(list: readonly T[]): T[] {
  return [...list.filter((f) => f.supported), ...list.filter((f) => !f.supported)];
}

/** A refusal in words: the model's name for its id, rule ids left to the tooltip. */
function reasonWords(reason: string, lock: LockSnapshot): string {
  return withoutRuleIds(reason.split(lock.profile.id).join(`The ${lock.profile.name}`));
}

export function FaultsPanel({ lock }: { lock: LockSnapshot }) {
  const cat = useCatalogue(lock);
  const [code, setCode] = useState("");
  if (!cat) return <section class="panel faults" aria-label="Faults and fixes" aria-busy="true" />;
  const fixBody = (fix: string) => (code ? { fix, programmingCode: code } : { fix });
  return (
    <section class="panel faults" aria-labelledby={`${lock.id}-faults`}>
      <h3 id={`${lock.id}-faults`}>Faults and fixes</h3>
      <div class="faults-columns">
        <div>
          <h4>Make a fault appear</h4>
          <ul class="fault-list">
            {byUse(cat.faults).map((f) => (
              <li key={f.id} class={f.supported ? "" : "is-unsupported"} data-fault={f.id}>
                <button
                  type="button"
                  class="chip"
                  aria-label={`Inject fault ${f.id}`}
                  onClick={() => void api.fault(lock.id, f.id)}
                >
                  Inject
                </button>
                <span title={f.id}>{idWords(f.id)}</span>{" "}
                <span class="muted">{withoutRuleIds(f.description ?? "")}</span>
                {f.reason && (
                  <small class="reason" title={f.reason}>
                    {reasonWords(f.reason, lock)}
                  </small>
                )}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h4>Apply a fix</h4>
          <label class="inline-field">
            Programming code you know (for fixes that need one)
            <input
              inputMode="numeric"
              pattern="[0-9]*"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value.replace(/[^0-9]/g, ""))}
            />
          </label>
          <ul class="fault-list">
            {byUse(cat.fixes).map((f) => (
              <li key={f.id} class={f.supported ? "" : "is-unsupported"} data-fix={f.id}>
                <button
                  type="button"
                  class="chip"
                  aria-label={`Apply fix ${f.id}`}
                  onClick={() => void api.fix(lock.id, fixBody(f.id), (warning) => window.confirm(warning))}
                >
                  Apply
                </button>
                <span title={f.id}>{idWords(f.id)}</span>
                {f.reason && (
                  <small class="reason" title={f.reason}>
                    {reasonWords(f.reason, lock)}
                  </small>
                )}
              </li>
            ))}
          </ul>
          <h4>Done so far</h4>
          {lock.faultLog.length === 0 ? (
            <p class="muted">No faults or fixes yet.</p>
          ) : (
            <ol class="fault-log" reversed>
              {[...lock.faultLog].reverse().map((e, i) => (
                <li key={`${e.atMs}-${i}`} data-kind={e.kind} data-id={e.id}>
                  {clockTime(e.atMs)} {e.kind} <span title={e.id}>{idWords(e.id).toLowerCase()}</span>{" "}
                  {e.ok ? "" : `refused: ${reasonWords(e.reason ?? "", lock)}`}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
