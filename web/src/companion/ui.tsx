/** Small pieces every companion page uses: a refusal in words, loading, a page heading. */
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { store } from "../store.ts";
import type { HubError } from "./hub-client.ts";
import { issueText } from "./words.ts";

/**
 * A refused request did nothing and nothing waits to be done: the words for a code's status on
 * a lock ("the change goes out when it is back", "tried again shortly") are the hub's promise
 * for its codes, not for a Lock, an Unlock, settings or an update, which the lock never got.
 */
const REFUSAL_WORDS: Record<string, string> = {
  "lock.offline": "The lock is offline: nothing was sent. Try again once it is back.",
  "lock.busy": "The lock was busy: nothing was done. Try again in a moment.",
  "lock.timeout": "The lock did not answer in time: check it before you try again.",
};

export function Problem({ error }: { error: HubError | undefined }) {
  if (!error) return null;
  const text =
    error.status === 404
      ? "Not found: it does not exist, or it is not yours to see."
      : error.code === "auth.forbidden"
        ? "You are not allowed to see or do this."
        : (REFUSAL_WORDS[error.code] ?? issueText({ code: error.code, message: error.message }));
  return (
    <p class="problem" role="alert" data-error={error.code} title={error.code}>
      {text}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A page's heading, focused when the page opens so a screen reader hears where it is. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1} class="page-title">
      {children}
    </h1>
  );
}

export function Notice({ text }: { text: string | null }) {
  return (
    <p class="notice" role="status" aria-live="polite">
      {text ?? ""}
    </p>
  );
}

/**
 * A refusal from the lock server (/api/locks/…: the troubleshooter, the support report,
 * pairing), which its client reports to the lock page's store rather than to the caller.
 */
export function LockServerProblem() {
  const [text, setText] = useState<string | null>(store.error?.message ?? null);
  useEffect(() => store.subscribe(() => setText(store.error?.message ?? null)), []);
  if (!text) return null;
  return (
    <p class="problem" role="alert" data-lock-server-error="">
      {text}
    </p>
  );
}
