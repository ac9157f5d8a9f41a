/**
 * The broker settings read TLS files named in the environment (MQTT_CA_FILE, MQTT_CERT_FILE,
 * MQTT_KEY_FILE): only regular files within a bound, so a device, a FIFO or a folder is a
 * one-line refusal at start (`latchkey serve` and `latchkey locks`: exit 2), never a read until
 * the heap runs out (`/dev/zero` took 2 GB) or a wait for ever (a FIFO).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_TLS_FILE_BYTES, brokerSettings } from "./broker-options.ts";

const dir = mkdtempSync(join(tmpdir(), "latchkey-broker-options-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("brokerSettings: TLS files from the environment", () => {
  it("reads a regular file's bytes as they are", () => {
    const ca = join(dir, "ca.pem");
    writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    const r = brokerSettings("mqtts://127.0.0.1:8883", { MQTT_CA_FILE: ca, MQTT_KEY_FILE: ca });
    expect(r.ok).toBe(true);
    if (!r.ok || !r.value) return;
    expect(String(r.value.options.ca)).toContain("BEGIN CERTIFICATE");
    expect(String(r.value.options.key)).toContain("BEGIN CERTIFICATE");
  });

  it("refuses /dev/zero, a folder, a FIFO and a file over the bound at once, naming the variable", () => {
    const fifo = join(dir, "ca.fifo");
    execFileSync("mkfifo", [fifo]);
    const big = join(dir, "big.pem");
    writeFileSync(big, Buffer.alloc(MAX_TLS_FILE_BYTES + 1, 65));
    const cases: [string, string, RegExp][] = [
      ["MQTT_CA_FILE", "/dev/zero", /MQTT_CA_FILE \/dev\/zero is not a regular file/],
      ["MQTT_CERT_FILE", dir, /MQTT_CERT_FILE .* is not a regular file/],
      ["MQTT_KEY_FILE", fifo, /MQTT_KEY_FILE .*ca\.fifo is not a regular file/],
      ["MQTT_CA_FILE", big, /MQTT_CA_FILE .*big\.pem is over 1,048,576 bytes/],
      ["MQTT_CA_FILE", join(dir, "missing.pem"), /ENOENT/],
    ];
    for (const [variable, path, reason] of cases) {
      const started = Date.now();
      const r = brokerSettings("mqtts://127.0.0.1:8883", { [variable]: path });
      expect(Date.now() - started, path).toBeLessThan(1_000);
      expect(r.ok, path).toBe(false);
      if (r.ok) continue;
      expect(r.code).toBe("mqtt.tls-file");
      expect(r.reason, path).toMatch(/^cannot read a TLS file: /);
      expect(r.reason, path).toMatch(reason);
    }
  });

  it("a refused URL is named by where it came from: --mqtt, or MQTT_URL by default", () => {
    expect(brokerSettings("http://x", {}, "--mqtt")).toMatchObject({
      ok: false,
      reason: "--mqtt must use mqtt://, mqtts://, ws:// or wss:// (got http:)",
    });
    expect(brokerSettings("", {})).toMatchObject({
      ok: false,
      reason: "MQTT_URL is not a URL (mqtt://host:1883)",
    });
  });
});
