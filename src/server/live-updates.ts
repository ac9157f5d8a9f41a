/**
 * The WebSocket side of the API (`GET /api/live`): every page connected gets each lock's
 * snapshot when it connects and again whenever the lock changes (debounced, so a burst of
 * events is one message), and a `removed` message when a lock goes. Messages reuse the
 * HTTP error codes (STYLE.md 5). Two tabs on one lock see the same lock this way.
 */
import type { WebSocket } from "ws";
import type { LiveServerMessage } from "./api-schemas.ts";
import { liveClientMessageSchema } from "./api-schemas.ts";
import type { LockRegistry } from "./lock-registry.ts";
import type { HostedLock as ManagedLock } from "../host/index.ts";
import type { SnapshotSource } from "./snapshots.ts";

/**
 * Changes within this long go out as one message. The host already tells one change per batch
 * of work, so this only merges the batches of one request (a tap is a press and a release).
 */
export const LIVE_DEBOUNCE_MS = 2;

export class LiveUpdates {
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly unlisten: () => void;

  constructor(
    private readonly registry: LockRegistry,
    private readonly snapshots: SnapshotSource,
  ) {
    this.unlisten = registry.listen({
      changed: (lock) => this.schedule(lock),
      removed: (id) => {
        this.pending.delete(id);
        this.broadcast({ type: "removed", id });
      },
    });
  }

  connect(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => this.sockets.delete(socket));
    socket.on("message", (data) => this.onMessage(socket, data.toString()));
    this.sendAll(socket);
  }

  close(): void {
    this.unlisten();
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.sockets) s.close(1001, "server closing");
    this.sockets.clear();
  }

  private onMessage(socket: WebSocket, text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const parsed = liveClientMessageSchema.safeParse(value);
    if (!parsed.success) {
      send(socket, {
        type: "error",
        error: { code: "request.invalid", message: 'expected {"type":"sync"}' },
      });
      return;
    }
    this.sendAll(socket);
  }

  private sendAll(socket: WebSocket): void {
    for (const lock of this.registry.all())
      send(socket, { type: "lock", lock: this.snapshots.snapshot(lock) });
  }

  private schedule(lock: ManagedLock): void {
    this.pending.add(lock.id);
    this.timer ??= setTimeout(() => this.flush(), LIVE_DEBOUNCE_MS);
  }

  private flush(): void {
    this.timer = null;
    const ids = [...this.pending];
    this.pending.clear();
    if (this.sockets.size === 0) return;
    for (const lock of this.registry.all()) {
      if (ids.includes(lock.id)) this.broadcast({ type: "lock", lock: this.snapshots.snapshot(lock) });
    }
  }

  private broadcast(message: LiveServerMessage): void {
    for (const s of this.sockets) send(s, message);
  }
}

function send(socket: WebSocket, message: LiveServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
