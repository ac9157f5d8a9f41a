// The door seen from above: the slab swings on its hinge, and the bolt slides out of its
// edge — into the strike in the frame when the door is closed, into the air when it is open.
import { api } from "../api-client.ts";
import type { LockSnapshot } from "../api-types.ts";
import { MotorView } from "./motor-view.tsx";
import { PhoneApp } from "./phone-app.tsx";

const SCALE = 1.2; // px per mm of bolt travel
const EDGE_X = 280;

export function DoorView({ lock }: { lock: LockSnapshot }) {
  const out = Math.max(0, Math.min(1, lock.boltMm / lock.boltThrowMm));
  const closed = lock.doorClosed;
  const boltWords =
    lock.bolt === "extended"
      ? closed
        ? "extended into the strike"
        : "extended (the door is open)"
      : lock.bolt === "retracted"
        ? "retracted into the door"
        : lock.bolt === "moving"
          ? "moving"
          : "stopped part way (jammed)";
  return (
    <section class="side door" aria-labelledby={`${lock.id}-door`}>
      <h3 id={`${lock.id}-door`}>Door</h3>
      <svg
        class="door-plan"
        viewBox="0 0 360 200"
        role="img"
        aria-label={`Door ${closed ? "closed" : "open"}, bolt ${boltWords}`}
      >
        <text x="8" y="22" class="side-label">
          inside
        </text>
        <text x="8" y="192" class="side-label">
          outside
        </text>
        <rect x="0" y="134" width="98" height="32" class="wall" />
        <rect x="340" y="134" width="20" height="32" class="wall" />
        <rect x="282" y="134" width="58" height="32" class="frame" />
        <rect x="282" y="145" width="34" height="10" class="strike-pocket" />
        <rect x="281" y="140" width="3" height="20" class="strike-plate" />
        <path d="M280 150 A180 180 0 0 0 227.3 22.7" class="swing-arc" />
        <g class={`door-slab ${closed ? "is-closed" : "is-open"}`} style={{ transformOrigin: "100px 150px" }}>
          <rect x="100" y="142" width={EDGE_X - 100} height="16" class="slab" />
          <rect x="244" y="134" width="26" height="8" rx="2" class="trim trim-inside" />
          <rect x="244" y="158" width="26" height="8" rx="2" class="trim trim-outside" />
          <rect
            x={EDGE_X - 22}
            y="147"
            width={22 + lock.boltThrowMm * SCALE}
            height="6"
            class={`bolt bolt-${lock.bolt}`}
            style={{ transform: `translateX(${(out - 1) * lock.boltThrowMm * SCALE}px)` }}
          />
          <rect x="100" y="142" width={EDGE_X - 100 - 22} height="16" class="slab slab-cover" />
          <circle cx="100" cy="150" r="4" class="hinge" />
        </g>
      </svg>
      <p class="door-words">
        Door {closed ? "closed" : "open"} · bolt {boltWords}
      </p>
      <MotorView lock={lock} />
      <button type="button" onClick={() => void api.door(lock.id, { closed: !closed })}>
        {closed ? "Open the door" : "Close the door"}
      </button>
      <PhoneApp lock={lock} />
    </section>
  );
}
