/**
 * `latchkey serve` with hostile values, through the real `bin/latchkey.js` (docs/cli.md):
 * a PORT or MQTT_PORT that is not plain digits, an MQTT URL or topic setting that is not one, is a
 * bad argument (exit 2)
 * with the reason, refused before the data folder, its database or the hub's signing key is
 * made — a refused start leaves nothing behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import type { AddressInfo } from "node:net";
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

  it("MQTT_PORT that is not a port in plain digits (0x75B, 1e3, +1883, 65536, 1883.0, a word) is exit 2 with the reason, before anything is written", () => {
    const data = join(dir, "mqtt-port");
    for (const bad of ["0x75B", "1e3", "+1883", "65536", "1883.0", "mqtt"]) {
      const r = serve([], { PORT: "0", LATCHKEY_DATA: data, MQTT_PORT: bad });
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(
        `MQTT_PORT must be a port number (1–65535, or 0 for any free port), got ${JSON.stringify(bad)}`,
      );
    }
    // Checked with MQTT_URL set too: a value that is not a port is a mistake whichever broker runs.
    const withUrl = serve([], {
      PORT: "0",
      LATCHKEY_DATA: data,
      MQTT_PORT: "1e3",
      MQTT_URL: "mqtt://127.0.0.1:1",
    });
    expect(withUrl.code).toBe(2);
    expect(existsSync(data)).toBe(false);
  });

  it("a discovery prefix, base topic, birth topic or link root that is not a topic is exit 2 before anything is written", () => {
    const data = join(dir, "mqtt-topics");
    const cases: [Record<string, string>, RegExp][] = [
      [{ MQTT_DISCOVERY_PREFIX: "ha/#" }, /MQTT_DISCOVERY_PREFIX must be letters, digits/],
      [{ MQTT_BASE_TOPIC: "lk/+/x" }, /MQTT_BASE_TOPIC must be letters, digits/],
      [{ MQTT_BIRTH_TOPIC: "ha//status" }, /MQTT_BIRTH_TOPIC must be a topic/],
      [{ MQTT_BIRTH_TOPIC: "latchkey/status" }, /MQTT_BIRTH_TOPIC must not be under the bridge's own topics/],
      [{ MQTT_LINK_ROOT: "link/#" }, /MQTT_LINK_ROOT must be letters, digits/],
    ];
    for (const [env, reason] of cases) {
      const r = serve([], { PORT: "0", LATCHKEY_DATA: data, ...env });
      expect(r.code, JSON.stringify(env)).toBe(2);
      expect(r.stderr, JSON.stringify(env)).toMatch(reason);
    }
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

  it("a HOST or PORT it cannot listen on (no such host, a port in use) is exit 2 with the reason, before anything is written", async () => {
    // It made the data folder, the hub's key and databases, printed a setup link, then died on
    // an uncaught getaddrinfo ENOTFOUND / EADDRINUSE with a stack trace (exit 1).
    const data = join(dir, "listen");
    const nowhere = serve([], { PORT: "0", HOST: "no-such-host.invalid", LATCHKEY_DATA: data });
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toMatch(/cannot listen on no-such-host\.invalid:0: .*ENOTFOUND/);
    expect(nowhere.stderr).not.toMatch(/\n\s+at /);
    const taken = createNetServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const busy = serve([], { PORT: String(port), HOST: "127.0.0.1", LATCHKEY_DATA: data });
      expect(busy.code).toBe(2);
      expect(busy.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    expect(existsSync(data)).toBe(false);
  });

  it("LATCHKEY_ADMIN_TOKEN shorter than 16 characters is exit 2 before anything is written", () => {
    const data = join(dir, "admin-token");
    const r = serve([], { PORT: "0", LATCHKEY_DATA: data, LATCHKEY_ADMIN_TOKEN: "short" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/LATCHKEY_ADMIN_TOKEN must be 16–512 characters/);
    expect(existsSync(data)).toBe(false);
  });
});

describe("latchkey serve: a data folder that cannot be one", () => {
  it("LATCHKEY_DATA naming a file is exit 2 before the web app is built, not after", () => {
    const notAFolder = join(dir, "data-is-a-file");
    writeFileSync(notAFolder, "not a folder");
    const r = spawnSync("node", ["bin/latchkey.js", "serve"], {
      encoding: "utf8",
      env: { ...process.env, MQTT_URL: "", PORT: "0", MQTT_PORT: "0", LATCHKEY_DATA: notAFolder },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot open the data folder: ${notAFolder} is a file, not a folder`);
    expect(r.stdout).not.toContain("building the web app");
  });
});
