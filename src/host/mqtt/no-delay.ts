/**
 * Turns off Nagle's algorithm on an mqtt.js client's socket, now and after every reconnect.
 * A command and its answer are small packets; with Nagle (and the peer's delayed ACK) each
 * hop waited ~40 ms: a command's round trip through a broker measured 88 ms, 0.5 ms without
 * (both ends; on Mosquitto set `set_tcp_nodelay true` for its side, docs/mqtt.md).
 */
import type { MqttClient } from "mqtt";

interface MaybeSocket {
  setNoDelay?: (noDelay: boolean) => unknown;
}

export function disableNagle(client: MqttClient): void {
  const apply = (): void => {
    (client.stream as unknown as MaybeSocket | undefined)?.setNoDelay?.(true);
  };
  apply();
  client.on("connect", apply);
}

/** Waits for a publication at most `ms`: a last word on a dying connection must not hang a stop. */
export async function publishBriefly(
  client: MqttClient,
  topic: string,
  payload: string,
  ms = 2_000,
): Promise<void> {
  if (!client.connected) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    client.publishAsync(topic, payload, { qos: 1, retain: true }).catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
