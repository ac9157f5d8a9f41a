// The lock's LED and beeper as a person sees them.
import type { LedColor } from "../signal-player.ts";

export function Led(props: { color: LedColor; label: string }) {
  return (
    <span
      class={`led led-${props.color}`}
      role="img"
      aria-label={`${props.label}: ${props.color === "off" ? "off" : props.color}`}
    />
  );
}

/** A visible pulse for every beep, for people with the sound off. */
export function Beeper(props: { on: boolean }) {
  return (
    <span
      class={`beeper ${props.on ? "is-beeping" : ""}`}
      role="img"
      aria-label={props.on ? "Beeper: beep" : "Beeper: quiet"}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
        <path d="M4 9h4l5-4v14l-5-4H4z" fill="currentColor" />
        <path
          class="wave"
          d="M16 8a5 5 0 0 1 0 8M18.5 5.5a8.5 8.5 0 0 1 0 13"
          stroke="currentColor"
          fill="none"
          stroke-width="2"
        />
      </svg>
    </span>
  );
}
