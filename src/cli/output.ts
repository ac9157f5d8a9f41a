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
