/**
 * Two connections per end of the lock link: one that receives, one that publishes.
 *
 * Why: a QoS 1 publication is acknowledged by the broker with a PUBACK, a 4-byte packet on the
 * same connection. A broker that leaves Nagle's algorithm on (a stock Mosquitto: only
 * `set_tcp_nodelay true` turns it off) then holds the next packet it has for that connection
 * until the PUBACK's segment is acknowledged, and the receiving kernel delays that ACK by up to
 * 40 ms because it has nothing to send back. On one connection per end, every command's answer
 * (hub side) and every next command (node side) queued behind a PUBACK: the round trip through
 * a stock Mosquitto measured 44 ms median; with the PUBACKs on a connection of their own, under
 * 1 ms (decision 0018; docs/mqtt.md, "Latency"). Nothing else changes: the same QoS 1, the same topics; each
 * connection keeps its own order, and what one end publishes all goes out on one connection, in
 * the order it was published.
 */
import mqtt from "mqtt";
import type { IClientOptions, MqttClient } from "mqtt";

export interface LinkConnections {
  /** Subscribes and receives. */
  readonly client: MqttClient;
  /** Publishes (its PUBACKs come back here, away from what `client` receives). */
  readonly publisher: MqttClient;
}

/**
 * Connects both with the same options, a will included (either one dropping is as good as the
 * process dying); a client id given is suffixed for the publisher, since a broker drops the
 * older of two connections with one id. If the second fails the first is closed, and the error
 * thrown.
 */
export async function connectLinkPair(url: string, options: IClientOptions): Promise<LinkConnections> {
  const client = await mqtt.connectAsync(url, options);
  try {
    const publisher = await mqtt.connectAsync(
      url,
      options.clientId === undefined ? options : { ...options, clientId: `${options.clientId}-pub` },
    );
    return { client, publisher };
  } catch (error) {
    await client.endAsync(true);
    throw error;
  }
}

/** Ends both. */
export async function endLinkPair(pair: LinkConnections, force = false): Promise<void> {
  await Promise.all([pair.client.endAsync(force), pair.publisher.endAsync(force)]);
}
