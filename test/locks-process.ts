/**
 * `latchkey locks … --mqtt URL` in a child process, as a user runs it on another machine (issue
 * 13), started from the sources (tsx) so a test or bench needs no build first; and a wait for a
 * condition with a deadline. Shared by the tests of locks in another process and bench/mqtt-fleet.
 */
import { spawn, type ChildProcess } from "node:child_process";

const RUN_CLI =
  "const { main } = await import('./src/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));";

export interface LocksProcess {
  readonly url: string;
  /** The link's topic root (linkTopics(prefix).root). */
  readonly root: string;
  /** The node name the locks announce themselves under. */
  readonly node: string;
  readonly count: number;
  /** --keepalive: how soon the broker gives the process's last will when it dies (default: the CLI's). */
  readonly keepaliveS?: number;
  /** The process's LATCHKEY_DATA: where its locks live, kept across restarts. */
  readonly dataDir: string;
  /** More `latchkey locks` arguments (--profile, --trust-key …). */
  readonly extra?: readonly string[];
  /** More environment for the child (its MQTT_URL is always cleared: --mqtt says where). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the child's stderr goes: prefixed onto this process's (default), or this process's as is. */
  readonly stderr?: "prefixed" | "inherit";
}

export function spawnLocksProcess(p: LocksProcess): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      RUN_CLI,
      "locks",
      "--count",
      String(p.count),
      "--mqtt",
      p.url,
      "--root",
      p.root,
      "--node",
      p.node,
      ...(p.keepaliveS === undefined ? [] : ["--keepalive", String(p.keepaliveS)]),
      ...(p.extra ?? []),
    ],
    {
      env: { ...process.env, LATCHKEY_DATA: p.dataDir, MQTT_URL: "", ...p.env },
      stdio: ["ignore", "ignore", p.stderr === "inherit" ? "inherit" : "pipe"],
    },
  );
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[${p.node}] ${d.toString()}`));
  return child;
}

/** Resolves once `predicate` holds (checked every `pollMs`); rejects after `timeoutMs`, naming `what`. */
export async function until(
  what: string,
  predicate: () => boolean,
  timeoutMs: number,
  pollMs = 50,
): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
