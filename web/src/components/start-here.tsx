// "Start here": what a person new to the page does first, shown on the first visit and
// remembered once dismissed (localStorage), with a button in the header to see it again.
import type { LockSnapshot } from "../api-types.ts";
import { HowToSteps } from "./how-to.tsx";

const KEY = "latchkey.startHere";

export function startHereHidden(): boolean {
  try {
    return localStorage.getItem(KEY) === "hidden";
  } catch {
    return false;
  }
}

export function rememberStartHere(hidden: boolean): void {
  try {
    localStorage.setItem(KEY, hidden ? "hidden" : "shown");
  } catch {
    // private mode: shown again next visit, nothing lost
  }
}

export function StartHere(props: { lock: LockSnapshot | undefined; onHide: () => void }) {
  const lock = props.lock;
  const add = lock?.profile.procedures.find((p) => p.id === "add-user-code");
  const confirm = lock?.profile.keypad.confirmLabel ?? "Lock";
  return (
    <section class="start-here panel" aria-labelledby="start-here-title" data-start-here="">
      <h2 id="start-here-title">Start here</h2>
      <p>
        This is a simulated smart deadbolt that behaves like a real one: press its keys, hear its beeps, watch
        its bolt — and break it on purpose to learn how to fix it.
      </p>
      <ol>
        <li>
          <strong>Keep the door open</strong> while you program and test, as every guide says: a bolt that
          shoots out cannot lock you out.
        </li>
        <li>
          <strong>Add a user code</strong> on the inside and the keypad
          {lock && add ? (
            <>
              : <HowToSteps profile={lock.profile} steps={add.steps} /> (slot 1, a 4–8 digit code). Digits
              typed on your keyboard press the keypad.
            </>
          ) : (
            "."
          )}
        </li>
        <li>
          <strong>Close the door and press {confirm}</strong>: the motor whirrs, the gear turns and the bolt
          goes out. Type your code to unlock.
        </li>
        <li>
          <strong>Break it, then fix it</strong>: <em>Faults and fixes</em> makes a fault appear; the{" "}
          <em>Troubleshooter</em> finds the cause step by step; <em>Support report</em> gathers what to have
          ready before calling. Skip a day, a week or a month to watch the batteries age.
        </li>
      </ol>
      <button type="button" class="primary" data-action="hide-start-here" onClick={props.onHide}>
        Got it — hide this
      </button>
    </section>
  );
}
