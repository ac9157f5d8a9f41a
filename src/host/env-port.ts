/**
 * A TCP port from an environment variable (PORT for the web app, MQTT_PORT for the embedded
 * broker): plain decimal digits only, as every number the CLI reads — `0x1F90`, `1e3`, `+80`,
 * ` 80`, `1883.0` are refused, never read by Number() as another port. 0 asks for any free
 * port. Unset or empty gives the default.
 */
export function portFromEnv(name: string, text: string | undefined, fallback: number): number | string {
  if (text === undefined || text === "") return fallback;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(port) && port >= 0 && port <= 65_535
    ? port
    : `${name} must be a port number (1–65535, or 0 for any free port), got ${JSON.stringify(text.slice(0, 40))}`;
}
