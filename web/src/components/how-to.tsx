// The model's procedures as a person follows them: a title in words, and each step with the
// keys drawn as the keypad shows them (the 275's enter arrow as ▸). The rule ids and the
// procedure ids stay in the tooltip.
import type { LockSnapshot, ProfileSummary } from "../api-types.ts";
import { keypadLayout } from "../keypad-layout.ts";
import { procedureTitle } from "../words.ts";

/** One procedure's steps ("Program · slot number · Lock · new code · Lock"), keys as keys. */
export function HowToSteps(props: { profile: ProfileSummary; steps: string }) {
  const confirm = keypadLayout(props.profile).confirm;
  const tokens = props.steps.split(" · ");
  return (
    <span class="how-to-steps">
      {tokens.map((t, i) => {
        const sep =
          i > 0 ? (
            <span class="step-sep" aria-hidden="true">
              {" "}
              →{" "}
            </span>
          ) : null;
        let shown;
        if (t === props.profile.keypad.confirmLabel) {
          shown =
            confirm.label === t ? (
              <kbd>{t}</kbd>
            ) : (
              // The key's face differs from its name (the 275's ▸): show both.
              <kbd aria-label={t}>
                <span aria-hidden="true">{confirm.label}</span> {t}
              </kbd>
            );
        } else if (t === "Program" || /^[0-9]+$/.test(t)) {
          shown = <kbd>{t}</kbd>;
        } else {
          shown = <span>{t}</span>;
        }
        return (
          <span key={i}>
            {sep}
            {shown}
          </span>
        );
      })}
    </span>
  );
}

export function HowToPanel({ lock }: { lock: LockSnapshot }) {
  const seen = new Set<string>();
  const p = lock.profile;
  return (
    <section class="panel procedures" aria-labelledby={`${lock.id}-howto`}>
      <h3 id={`${lock.id}-howto`} title={`Sources: ${p.sources.join(", ")}`}>
        How to, on the {p.name}
      </h3>
      <dl>
        {p.procedures.map((proc) => {
          let title = procedureTitle(proc.id);
          if (seen.has(title)) title += " (another guide's way)";
          seen.add(title);
          return (
            <div key={proc.id} data-procedure={proc.id}>
              <dt title={`${proc.id} · ${proc.rule}`}>{title}</dt>
              <dd>
                <HowToSteps profile={p} steps={proc.steps} />
              </dd>
            </div>
          );
        })}
      </dl>
      <p class="muted">
        Codes {p.codes.userLengthMin}–{p.codes.userLengthMax} digits, {p.codes.capacity} slots
        {p.codes.defaultProgrammingCode
          ? ` · programming code out of the box: ${p.codes.defaultProgrammingCode}`
          : ""}
        . Type the digits on your keyboard or press the keys; hold a key with the mouse, or with{" "}
        <em>Keep … held</em>.
      </p>
    </section>
  );
}
