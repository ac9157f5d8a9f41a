/**
 * Where a command's lines go: stdout for what it produces, stderr for messages. Its own small
 * module, so `main.ts` can start without loading any command (issue 17: `latchkey --version`
 * and `latchkey profiles` answer at once).
 */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const consoleOutput: Output = {
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
};

let stdoutWatched = false;

/**
 * A reader that stops reading (a pipe into `head`, or `| true`) ends the command, as it does
 * for `cat`: no stack trace, and 141 (128 + SIGPIPE), the status a shell shows for a writer
 * whose pipe closed. Installed by `main` for every command that writes to the console. Any
 * other write error (a full disk) is one line on stderr and status 74.
 */
export function stopQuietlyWhenStdoutCloses(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(141);
    // Output that cannot be written (`> /dev/full`, a full disk, a quota): one line, and 74
    // (EX_IOERR), not a stack trace — and not a status that reads as the command's own answer.
    process.stderr.write(`latchkey: cannot write the output (${e.code ?? e.message}): stopped\n`);
    process.exit(74);
  });
}
