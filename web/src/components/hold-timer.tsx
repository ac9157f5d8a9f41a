// How long a key has been held, on the lock's clock: press-and-hold steps ("hold Program 3 s",
// "keep holding 30 s") need a person to count, and the page counts for them.
import { useRef } from "preact/hooks";
import type { KeyName, LockSnapshot } from "../api-types.ts";
import { useLockNow } from "./time-controls.tsx";

export function HoldTimer(props: { lock: LockSnapshot; keyName: KeyName; label: string }) {
  const { lock, keyName } = props;
  const held = lock.heldKeys.includes(keyName);
  // The lock time of the first snapshot that showed the key down: the press itself.
  const since = useRef<number | null>(null);
  if (!held) since.current = null;
  else since.current ??= lock.nowMs;
  const now = useLockNow(lock);
  if (!held || since.current === null) return null;
  const s = Math.max(0, (now - since.current) / 1000);
  return (
    <span class="hold-timer" role="timer" data-hold-timer={keyName} aria-label={`${props.label} held`}>
      {props.label} held <strong>{s < 10 ? s.toFixed(1) : Math.floor(s)} s</strong>
    </span>
  );
}
