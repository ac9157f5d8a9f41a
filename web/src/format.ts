// Words and numbers as the page shows them.
import type { SignalRecordDto } from "./api-types.ts";

export function lockTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 green flash, 2 beeps", or "silent". */
export function signalWords(s: SignalRecordDto): string {
  const parts: string[] = [];
  if (s.green) parts.push(plural(s.green, "green flash", "green flashes"));
  if (s.red) parts.push(plural(s.red, "red flash", "red flashes"));
  if (s.amber) parts.push(plural(s.amber, "amber flash", "amber flashes"));
  if (s.beeps) parts.push(plural(s.beeps, "beep", "beeps"));
  if (s.longBeeps) parts.push(plural(s.longBeeps, "long beep", "long beeps"));
  return parts.length ? parts.join(", ") : "silent";
}

export function volts(v: number): string {
  return `${v.toFixed(2)} V`;
}
