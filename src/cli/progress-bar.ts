/**
 * A one-line text progress bar for long commands (`latchkey simulate`): drawn on stderr only
 * when stderr is a terminal, redrawn in place at most every 1 % and 100 ms, wiped when done,
 * so pipes and logs never see it.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

const NOTHING: Progress = { update: () => undefined, finish: () => undefined };

export function progressBar(label: string, unit: string, stream: ProgressStream = process.stderr): Progress {
  if (!stream.isTTY) return NOTHING;
  const started = performance.now();
  let shownPercent = -1;
  let shownAt = 0;
  let drawn = false;
  return {
    update(done, total) {
      const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
      const now = performance.now();
      if (percent === shownPercent || (now - shownAt < 100 && done < total)) return;
      shownPercent = percent;
      shownAt = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - unit.length - 40));
      const filled = Math.round((width * percent) / 100);
      const seconds = ((now - started) / 1000).toFixed(1);
      stream.write(
        `\r${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(percent).padStart(3)}%  ${done}/${total} ${unit}  ${seconds} s\x1b[K`,
      );
      drawn = true;
    },
    finish() {
      if (drawn) stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}
