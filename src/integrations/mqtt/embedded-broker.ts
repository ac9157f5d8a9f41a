/**
 * The embedded MQTT broker (aedes), so `npm start` works with nothing else installed.
 * It listens on loopback only: anything beyond this machine should use a real broker
 * (MQTT_URL), which has the authentication, ACLs and TLS a deployment needs. Published
 * payloads are capped so a client cannot make it hold arbitrarily large messages.
 */
import { createServer, type AddressInfo, type Server } from "node:net";
import { Aedes } from "aedes";

/** Far above any message of ours (a discovery config is ~1 KB), far below harm. */
export const EMBEDDED_MAX_PAYLOAD_BYTES = 256 * 1024;

export interface EmbeddedBroker {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  /** 0 picks a free port (tests); 1883 is what Home Assistant expects by default. */
  readonly port?: number;
  readonly host?: string;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? "127.0.0.1";
  const broker = await Aedes.createBroker({
    authorizePublish: (_client, packet, callback) => {
      if (packet.payload.length > EMBEDDED_MAX_PAYLOAD_BYTES) {
        callback(new Error("payload too large"));
        return;
      }
      callback(null);
    },
  });
  // No Nagle: a command and its answer are small packets; batching them costs ~40 ms a hop.
  const server = createServer({ noDelay: true }, broker.handle);
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://${host}:${port}`,
    port,
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
