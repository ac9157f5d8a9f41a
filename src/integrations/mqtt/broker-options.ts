/**
 * Which broker to use and how to reach it. `MQTT_URL` names an external broker
 * (Mosquitto, EMQX, HiveMQ…); credentials and TLS pass through to mqtt.js: in the URL
 * (`mqtts://user:pass@host:8883`) or as MQTT_USERNAME / MQTT_PASSWORD, MQTT_CA_FILE /
 * MQTT_CERT_FILE / MQTT_KEY_FILE, MQTT_REJECT_UNAUTHORIZED=false for a self-signed lab
 * broker. Without MQTT_URL the caller starts the embedded broker instead.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import type { IClientOptions } from "mqtt";

export interface BrokerSettings {
  readonly url: string;
  /** Options for mqtt.connect beside the URL (never logged: they may hold secrets). */
  readonly options: IClientOptions;
}

export type BrokerSettingsOutcome =
  { ok: true; value: BrokerSettings | undefined } | { ok: false; code: string; reason: string };

const SCHEMES = new Set(["mqtt:", "mqtts:", "ws:", "wss:", "tcp:", "ssl:", "tls:"]);

/** A PEM certificate chain or key is a few kilobytes; a CA bundle a few hundred. */
export const MAX_TLS_FILE_BYTES = 1024 * 1024;

/**
 * A TLS file named in the environment, read only if it is a regular file of at most
 * MAX_TLS_FILE_BYTES: `MQTT_CA_FILE=/dev/zero` once read until the heap ran out, and a FIFO
 * waited for ever. Opened non-blocking, checked on the opened descriptor, read within the bound.
 */
function readTlsFile(variable: string, path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${variable} ${path} is not a regular file`);
    if (st.size > MAX_TLS_FILE_BYTES)
      throw new Error(`${variable} ${path} is over ${MAX_TLS_FILE_BYTES.toLocaleString("en-US")} bytes`);
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length)
        throw new Error(`${variable} ${path} is over ${MAX_TLS_FILE_BYTES.toLocaleString("en-US")} bytes`);
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Reads the broker settings from the environment; undefined when MQTT_URL is unset. */
export function brokerSettingsFromEnv(env: NodeJS.ProcessEnv): BrokerSettingsOutcome {
  const url = env.MQTT_URL?.trim();
  if (url === undefined || url === "") return { ok: true, value: undefined };
  return brokerSettings(url, env);
}

/**
 * Settings for an explicit URL (`--mqtt URL`), with credentials and TLS from the environment;
 * `source` is where the URL came from, named when it is refused.
 */
export function brokerSettings(
  url: string,
  env: NodeJS.ProcessEnv = {},
  source = "MQTT_URL",
): BrokerSettingsOutcome {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, code: "mqtt.url-invalid", reason: `${source} is not a URL (mqtt://host:1883)` };
  }
  if (!SCHEMES.has(parsed.protocol)) {
    return {
      ok: false,
      code: "mqtt.url-invalid",
      reason: `${source} must use mqtt://, mqtts://, ws:// or wss:// (got ${parsed.protocol})`,
    };
  }
  const options: IClientOptions = {};
  if (env.MQTT_USERNAME) options.username = env.MQTT_USERNAME;
  if (env.MQTT_PASSWORD) options.password = env.MQTT_PASSWORD;
  try {
    if (env.MQTT_CA_FILE) options.ca = readTlsFile("MQTT_CA_FILE", env.MQTT_CA_FILE);
    if (env.MQTT_CERT_FILE) options.cert = readTlsFile("MQTT_CERT_FILE", env.MQTT_CERT_FILE);
    if (env.MQTT_KEY_FILE) options.key = readTlsFile("MQTT_KEY_FILE", env.MQTT_KEY_FILE);
  } catch (error) {
    return {
      ok: false,
      code: "mqtt.tls-file",
      reason: `cannot read a TLS file: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (env.MQTT_REJECT_UNAUTHORIZED === "false") options.rejectUnauthorized = false;
  return { ok: true, value: { url, options } };
}

/** The URL without its password, for printing. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(invalid URL)";
  }
}
