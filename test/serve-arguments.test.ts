/**
 * `latchkey serve` with hostile values, through the real `bin/latchkey.js` (docs/cli.md):
 * a PORT that is not plain digits, or an MQTT URL that is not one, is a bad argument (exit 2)
 * with the reason, refused before the data folder, its database or the hub's signing key is
 * made — a refused start leaves nothing behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "latchkey-serve-args-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function serve(args: string[], env: Record<string, string>): { code: number | null; stderr: string } {
  const r = spawnSync("node", ["bin/latchkey.js", "serve", ...args], {
    encoding: "utf8",
    env: { ...process.env, MQTT_URL: "", ...env },
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

describe("latchkey serve refuses hostile values and makes nothing", () => {
  it('PORT="0x1F90" (8080 to Number()) is exit 2, not read as another port', () => {
    const data = join(dir, "port");
    const r = serve([], { PORT: "0x1F90", LATCHKEY_DATA: data });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT must be a port number/);
    expect(existsSync(data)).toBe(false);
  });

  it("a --mqtt URL or MQTT_URL that is not an MQTT URL is exit 2 before the data folder is made", () => {
    const data = join(dir, "mqtt");
    const flag = serve(["--mqtt", "javascript:alert(1)"], { PORT: "0", LATCHKEY_DATA: data });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/must use mqtt:\/\//);
    const fromEnv = serve([], { PORT: "0", LATCHKEY_DATA: data, MQTT_URL: "not a url" });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/not a URL/);
    expect(existsSync(data)).toBe(false);
  });

  it.skipIf(!existsSync("/proc/self"))(
    "LATCHKEY_DATA where no folder can be made (/proc/x: Node's recursive mkdir never returned) is exit 2",
    () => {
      const r = serve([], { PORT: "0", LATCHKEY_DATA: "/proc/latchkey-data-x" });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot open the data folder: ENOENT/);
    },
  );

  it("LATCHKEY_DATA naming a file is exit 2 with the reason", () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "not a folder");
    const r = serve([], { PORT: "0", LATCHKEY_DATA: join(file, "sub") });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot open the data folder: ENOTDIR/);
  });
});
