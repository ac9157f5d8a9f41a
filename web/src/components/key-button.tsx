// One key of the lock (keypad digit, confirm key, Program, reset hole) as a real button
// that can be pressed and held; `data-key` names the key the twin hears.
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { KeyName, LockSnapshot } from "../api-types.ts";
import { usePressable } from "../use-pressable.ts";
import { HoldTimer } from "./hold-timer.tsx";

export function KeyButton(props: {
  lock: LockSnapshot;
  keyName: KeyName;
  digits?: readonly string[];
  accessibleName: string;
  class?: string;
  children: ComponentChildren;
}) {
  const { lock, keyName } = props;
  const [down, setDown] = useState(false);
  const handlers = usePressable({
    onPress: () => {
      setDown(true);
      void api.key(lock.id, { key: keyName, action: "press" });
    },
    onRelease: () => {
      setDown(false);
      void api.key(lock.id, { key: keyName, action: "release" });
    },
    onTap: () => void api.key(lock.id, { key: keyName, action: "tap" }),
  });
  const held = down || lock.heldKeys.includes(keyName);
  return (
    <button
      type="button"
      class={`key ${props.class ?? ""} ${held ? "is-down" : ""}`}
      data-key={keyName}
      data-keys={(props.digits ?? [keyName]).join(" ")}
      aria-label={props.accessibleName}
      {...handlers}
    >
      {props.children}
    </button>
  );
}

/** Keeps a key down across other actions (Program while the pack goes in), with its hold timer. */
export function HoldToggle(props: { lock: LockSnapshot; keyName: KeyName; label: string }) {
  const held = props.lock.heldKeys.includes(props.keyName);
  return (
    <>
      <button
        type="button"
        class="toggle hold-toggle"
        aria-pressed={held}
        data-hold={props.keyName}
        onClick={() =>
          void api.key(props.lock.id, { key: props.keyName, action: held ? "release" : "press" })
        }
      >
        {held ? `${props.label}: held — let go` : `Keep ${props.label} held`}
      </button>
      <HoldTimer lock={props.lock} keyName={props.keyName} label={props.label} />
    </>
  );
}
