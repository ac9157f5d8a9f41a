/**
 * The find box of a long list (a property manager's hundreds of doors and codes): past
 * FILTER_FROM items, a search field that keeps the items any of whose words contain what was
 * typed, and a count of what is shown.
 */
import { useState } from "preact/hooks";

/** More items than this and the page offers a find box. */
export const FILTER_FROM = 10;

export interface Find<T> {
  /** Whether the list is long enough to offer the box. */
  readonly many: boolean;
  /** What was typed, trimmed and in lower case ("" for nothing). */
  readonly words: string;
  readonly setFilter: (typed: string) => void;
  readonly filter: string;
  /** The items to show. */
  readonly matching: readonly T[];
  readonly total: number;
}

/** `texts` gives the words an item is found by (its name, its person's, its locks' …). */
export function useFind<T>(items: readonly T[], texts: (item: T) => readonly string[]): Find<T> {
  const [filter, setFilter] = useState("");
  const many = items.length > FILTER_FROM;
  const words = filter.trim().toLocaleLowerCase();
  const matching =
    many && words ? items.filter((i) => texts(i).some((t) => t.toLocaleLowerCase().includes(words))) : items;
  return { many, words, filter, setFilter, matching, total: items.length };
}

/** The box and its count ("4 of 16 locks"), or nothing for a short list. */
export function FindBox<T>({ find, label, noun }: { find: Find<T>; label: string; noun: "code" | "lock" }) {
  if (!find.many) return null;
  const count = { [`data-${noun}-count`]: "" };
  return (
    <div class="form lock-filter">
      <label>
        {label}
        <input
          type="search"
          value={find.filter}
          autocomplete="off"
          onInput={(e) => find.setFilter(e.currentTarget.value)}
        />
      </label>
      <p class="muted small" role="status" {...count}>
        {find.words ? `${find.matching.length} of ${find.total} ${noun}s` : `${find.total} ${noun}s`}
      </p>
    </div>
  );
}
