/**
 * A confirmation shown in place (unlock from the app and a factory reset on the lock page,
 * the companion app's Unlock… and a code's Delete…):
 * when it opens the keyboard's focus goes to its safe choice (Cancel), so a keyboard or
 * screen-reader user lands in it; Escape cancels; when it closes, focus goes back to the
 * button that opened it (or the one that stands in its place), not to the page's top.
 */
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

export interface ConfirmFocus {
  /** On the confirmation's safe button (Cancel). */
  readonly safeRef: RefObject<HTMLButtonElement | null>;
  /** On the button that opens it, where focus returns. */
  readonly openerRef: RefObject<HTMLButtonElement | null>;
  /** On the confirmation itself: Escape cancels. */
  readonly onKeyDown: (e: KeyboardEvent) => void;
}

export function useConfirm(open: boolean, cancel: () => void): ConfirmFocus {
  const safeRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) safeRef.current?.focus();
    else if (wasOpen.current) openerRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation();
    cancel();
  };
  return { safeRef, openerRef, onKeyDown };
}
