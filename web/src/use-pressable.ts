/**
 * A button a person presses and holds: the key goes down on pointer-down (or Space/Enter
 * down) and comes up on pointer-up (or key up), so press-and-hold procedures work with a
 * mouse, a finger or a keyboard. A click that comes with no press at all (a screen reader's
 * "activate") is a tap.
 */
import { useRef } from "preact/hooks";
import type { ButtonHTMLAttributes } from "preact";
import { unlockAudio } from "./signal-player.ts";

export interface PressHandlers {
  onPress(): void;
  onRelease(): void;
  onTap(): void;
}

type ButtonProps = Pick<
  ButtonHTMLAttributes<HTMLButtonElement>,
  | "onPointerDown"
  | "onPointerUp"
  | "onPointerCancel"
  | "onKeyDown"
  | "onKeyUp"
  | "onBlur"
  | "onClick"
  | "onContextMenu"
>;

export function usePressable(h: PressHandlers): ButtonProps {
  const state = useRef({ pointer: false, keyboard: false, swallowClick: false });
  const handlers = useRef(h);
  handlers.current = h;
  const up = (): void => handlers.current.onRelease();
  return {
    onPointerDown: (e) => {
      if (e.button !== 0) return;
      unlockAudio();
      e.currentTarget.setPointerCapture(e.pointerId);
      state.current.pointer = true;
      state.current.swallowClick = false;
      handlers.current.onPress();
    },
    onPointerUp: () => {
      if (!state.current.pointer) return;
      state.current.pointer = false;
      state.current.swallowClick = true;
      up();
    },
    onPointerCancel: () => {
      if (!state.current.pointer) return;
      state.current.pointer = false;
      up();
    },
    onKeyDown: (e) => {
      if (e.key !== " " && e.key !== "Enter") return;
      e.preventDefault();
      if (e.repeat || state.current.keyboard) return;
      unlockAudio();
      state.current.keyboard = true;
      handlers.current.onPress();
    },
    onKeyUp: (e) => {
      if ((e.key !== " " && e.key !== "Enter") || !state.current.keyboard) return;
      e.preventDefault();
      state.current.keyboard = false;
      up();
    },
    onBlur: () => {
      if (!state.current.keyboard) return;
      state.current.keyboard = false;
      up();
    },
    onClick: () => {
      if (state.current.swallowClick) {
        state.current.swallowClick = false;
        return;
      }
      if (state.current.pointer || state.current.keyboard) return;
      unlockAudio();
      handlers.current.onTap();
    },
    onContextMenu: (e) => e.preventDefault(), // a long touch is a hold, not a menu
  };
}
