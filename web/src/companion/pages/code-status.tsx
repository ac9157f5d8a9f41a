/** Where a code stands on each lock: the status in words, its errors and warnings in words. */
import type { AccessCode, LockCode } from "../hub-types.ts";
import { issueText, STATUS_WORDS } from "../words.ts";

export function StatusBadge({ status }: { status: LockCode["status"] }) {
  return (
    <span class={`status status-${status}`} data-status={status}>
      {STATUS_WORDS[status]}
    </span>
  );
}

export function LockCodeLine({ row, lockName }: { row: LockCode; lockName?: string }) {
  return (
    <div class="lock-code" data-lock={row.lock_id} data-status={row.status}>
      {lockName !== undefined && <span class="lock-code-name">{lockName}</span>}
      <StatusBadge status={row.status} />
      {row.slot !== null && <span class="muted small">slot {row.slot}</span>}
      {row.errors.length + row.warnings.length > 0 && (
        <ul class="issues">
          {row.errors.map((e) => (
            <li key={e.code} class="error-text" title={e.code} data-issue={e.code}>
              {issueText(e)}
            </li>
          ))}
          {row.warnings.map((w) => (
            <li key={w.code} class="warn-text" title={w.code} data-issue={w.code}>
              {issueText(w)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Each site's time zone by its id (a guest, who lists no site, gets none). */
const HERE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * When a code works, as the site's wall clock, as the editor takes it and weekly hours are:
 * a window was shown in the browser's zone, so a code made for Tokyo's 15:00 read 06:00 to a
 * manager in London, beside weekly hours in Tokyo's. A zone not the browser's is named. The
 * zone comes with the code (`site_time_zone`): a guest lists no site, and before 7 December
 * 2026 saw their stay in their own browser's zone.
 */
export function scheduleText(c: AccessCode): string {
  const zone = c.site_time_zone;
  const parts: string[] = [];
  if (c.starts_at || c.ends_at) {
    const f = (s: string | null) =>
      s
        ? new Date(s).toLocaleString(undefined, {
            dateStyle: "medium",
            timeStyle: "short",
            ...(zone ? { timeZone: zone } : {}),
          })
        : "…";
    const named = zone && zone !== HERE ? ` (${zone.split("/").pop()!.replace(/_/g, " ")} time)` : "";
    parts.push(`from ${f(c.starts_at)} until ${f(c.ends_at)}${named}`);
  }
  if (c.weekly) parts.push(`${c.weekly.days.join(", ")} ${c.weekly.start_time}–${c.weekly.end_time}`);
  if (c.max_uses !== null)
    parts.push(c.max_uses === 1 ? `one use (${c.uses} used)` : `${c.max_uses} uses (${c.uses} used)`);
  return parts.length ? parts.join("; ") : "Permanent";
}
