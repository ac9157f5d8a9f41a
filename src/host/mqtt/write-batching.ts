/**
 * Holds an mqtt.js client's socket writes to the end of the event-loop turn, so the packets a
 * turn produces leave in one write instead of one each.
 *
 * Why: mqtt.js handles every packet it reads in a tick of its own and writes its answer (a
 * PUBACK) at once, and the hub publishes each command as an answer frees the window. With
 * 3,000 commands read together the node made 3,052 writev calls on its receiving connection,
 * one per 4-byte PUBACK (strace); each costs a system call, and on loopback the broker's
 * TCP receive work as well. Holding them until `setImmediate` — after every packet of the
 * read has been handled — sends them together. Nothing waits longer than the turn it was
 * written in; the order of packets on the connection is unchanged.
 */
import type { MqttClient } from "mqtt";

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** From now on (and after reconnects), writes of one turn go out together. */
export function batchWrites(client: MqttClient): void {
  let held: Corkable | null = null;
  const hold = (): void => {
    if (held !== null) return;
    const stream = client.stream as unknown as Partial<Corkable> | undefined;
    if (typeof stream?.cork !== "function" || typeof stream.uncork !== "function") return;
    const corked = stream as Corkable;
    held = corked;
    corked.cork();
    setImmediate(() => {
      held = null;
      corked.uncork();
    });
  };
  client.on("packetreceive", hold);
  client.on("packetsend", hold);
}
