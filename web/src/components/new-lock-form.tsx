// Make another lock: pick the model (the profile switcher), its state, door and pack.
import { useState } from "preact/hooks";
import { api } from "../api-client.ts";
import { PACK_KINDS } from "../api-types.ts";
import type { PackKind } from "../api-types.ts";
import { store, useStore } from "../store.ts";

function Choice<T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T;
  onChange: (v: T) => void;
  words?: (v: T) => string;
}) {
  return (
    <div class="choice" role="group" aria-label={props.label}>
      <span class="group-label">{props.label}</span>
      {props.options.map((o) => (
        <button
          type="button"
          key={o}
          class="chip"
          aria-pressed={props.value === o}
          onClick={() => props.onChange(o)}
        >
          {props.words ? props.words(o) : o}
        </button>
      ))}
    </div>
  );
}

/** `onDone` gets the new lock's id, or nothing when the person cancelled (Cancel, Escape). */
export function NewLockForm(props: { onDone: (made?: string) => void }) {
  const s = useStore();
  const [name, setName] = useState("");
  const [profile, setProfile] = useState("smartcode-914");
  const [state, setState] = useState<"ready" | "factory">("ready");
  const [door, setDoor] = useState<"open" | "closed">("open"); // the guides program with the door open
  const [batteries, setBatteries] = useState<PackKind>("fresh");
  const submit = async (e: Event) => {
    e.preventDefault();
    const snap = await api
      .createLock({
        ...(name.trim() ? { name: name.trim() } : {}),
        lock: { profile, state, door, batteries },
      })
      .catch(() => null);
    if (snap) {
      store.select(snap.id);
      props.onDone(snap.id);
    }
  };
  return (
    <form
      class="new-lock panel"
      aria-label="Add a lock"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onDone();
      }}
    >
      <h2>Add a lock</h2>
      <label class="inline-field">
        Name
        <input
          value={name}
          placeholder="e.g. Back door"
          maxLength={40}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </label>
      <div class="choice profiles" role="group" aria-label="Model">
        <span class="group-label">Model</span>
        {s.profiles.map((p) => (
          <button
            type="button"
            key={p.id}
            class="profile-card"
            aria-pressed={profile === p.id}
            data-profile-choice={p.id}
            onClick={() => setProfile(p.id)}
          >
            <strong>{p.name}</strong>
            <span class="muted">
              {p.keypad.kind === "touchscreen"
                ? "touchscreen"
                : p.keypad.sharedButtons.length
                  ? "two digits a button"
                  : "ten buttons"}{" "}
              · {p.keypad.confirmLabel} · {p.radio ?? "no radio"}
            </span>
          </button>
        ))}
      </div>
      <Choice
        label="State"
        options={["ready", "factory"] as const}
        value={state}
        onChange={setState}
        words={(v) => (v === "ready" ? "ready (handed)" : "out of the box")}
      />
      <Choice label="Door" options={["open", "closed"] as const} value={door} onChange={setDoor} />
      <Choice label="Batteries" options={PACK_KINDS} value={batteries} onChange={setBatteries} />
      <div class="form-actions">
        <button type="submit" class="primary">
          Add the lock
        </button>
        <button type="button" class="quiet" onClick={() => props.onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
