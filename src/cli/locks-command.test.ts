/** `latchkey locks` refuses what it cannot use, with the reason and the usage, before it touches anything. */
import { describe, expect, it } from "vitest";
import { LOCKS_USAGE, locksRun } from "./locks-command.ts";

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return locksRun(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env).then((code) => ({
    code,
    err: err.join("\n"),
  }));
}

describe("latchkey locks arguments", () => {
  it.each([
    [[], "--count N is required"],
    [["--count", "0", "--mqtt", "mqtt://x"], "--count must be"],
    [["--count", "1e3", "--mqtt", "mqtt://x"], "--count must be"],
    [["--count", "5"], "--mqtt URL is required"],
    [["--count", "5", "--mqtt", "http://x"], "--mqtt must use mqtt://"],
    [["--count", "5", "--mqtt", "mqtt://x", "--profile", "nope"], 'unknown profile "nope"'],
    [["--count", "5", "--mqtt", "mqtt://x", "--node", "a/b"], "--node is"],
    [["--count", "5", "--mqtt", "mqtt://x", "--root", "a/#"], "invalid link topic root"],
    [["--count", "5", "--mqtt", "mqtt://x", "--keepalive", "0"], "--keepalive is"],
    [["--count", "5", "--count", "6", "--mqtt", "mqtt://x"], "given twice"],
    [["--count", "5", "--mqtt"], "--mqtt needs a value"],
    [["--bogus", "1"], 'unknown option "--bogus"'],
    [["--count", "5", "--mqtt", "mqtt://x", "--trust-key", "abc"], "a firmware key is 64 hex digits"],
    [
      ["--count", "5", "--mqtt", "mqtt://x", "--trust-key", "g".repeat(64)],
      "a firmware key is 64 hex digits",
    ],
    [
      ["--count", "5", "--mqtt", "mqtt://x", "--trust-key", "0".repeat(64)],
      "not a usable Ed25519 public key",
    ],
    [["--count", "5", "--mqtt", "mqtt://x", "--trust-key", "f".repeat(64)], "not an Ed25519 public key"],
    [["--count", "5", "--mqtt", "mqtt://x", "--trust-key"], "--trust-key needs a value"],
  ])("%j → exit 2: %s", async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });

  it("a bad key in LATCHKEY_TRUST_KEYS is refused too, before anything starts", async () => {
    const { code, err } = await run(["--count", "5", "--mqtt", "mqtt://x"], {
      LATCHKEY_TRUST_KEYS: " nope ",
    });
    expect(code).toBe(2);
    expect(err).toContain('a firmware key is 64 hex digits (the hub\'s public_key), got "nope"');
  });
});

describe("latchkey locks --help", () => {
  it("its usage line names every option the command takes, and it says its exit codes (docs/cli.md)", () => {
    const usage = LOCKS_USAGE.split("\n")[0] ?? "";
    for (const flag of ["--count", "--mqtt", "--profile", "--node", "--root", "--keepalive", "--trust-key"])
      expect(usage, flag).toContain(flag);
    expect(LOCKS_USAGE).toMatch(/^exit: 0 stopped by Ctrl-C or SIGTERM · 1 the broker cannot be reached/m);
  });
});
