/**
 * Bounds on each live page's WebSocket, applied to the socket before the live-updates code
 * sees it, so that code stays about locks:
 * - frames over WS_MAX_PAYLOAD_BYTES are refused by `ws` itself (close 1009; `maxPayload`);
 * - a client that does not read is dropped (close 1008) once WS_MAX_BUFFERED_BYTES wait
 *   unsent for it, instead of the server buffering every update for it without bound;
 * - what a client sends is rate-limited: a burst of WS_MESSAGE_BURST, then one message per
 *   WS_MESSAGE_REFILL_MS; a message over the rate is dropped unread, and the client is told
 *   once (`live.rate-limited`) until it keeps to the rate again;
 * - at most WS_MAX_CLIENTS sockets at once; one more is closed at once (1013);
 * - a client that does not answer a ping within WS_HEARTBEAT_MS is dropped.
 *
 * The socket's own `send` and `emit` are wrapped, on that one socket, so any code that
 * sends to it or listens to its messages goes through the bounds.
 */
import type { WebSocket } from "ws";
import {
  WS_HEARTBEAT_MS,
  WS_MAX_BUFFERED_BYTES,
  WS_MAX_CLIENTS,
  WS_MESSAGE_BURST,
  WS_MESSAGE_REFILL_MS,
} from "./limits.ts";

export interface WebSocketLimits {
  readonly maxBufferedBytes: number;
  readonly burst: number;
  readonly refillMs: number;
  readonly maxClients: number;
  readonly heartbeatMs: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = {
  maxBufferedBytes: WS_MAX_BUFFERED_BYTES,
  burst: WS_MESSAGE_BURST,
  refillMs: WS_MESSAGE_REFILL_MS,
  maxClients: WS_MAX_CLIENTS,
  heartbeatMs: WS_HEARTBEAT_MS,
};

/** Close codes (RFC 6455 §7.4.1). */
export const CLOSE_POLICY = 1008;
export const CLOSE_TRY_LATER = 1013;

/** A token bucket on an injected clock, so tests need no waiting. */
export class RateLimiter {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly burst: number,
    private readonly refillMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.lastMs = now();
  }

  /** Takes one message's allowance; false when there is none left. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + Math.max(0, t - this.lastMs) / this.refillMs);
    this.lastMs = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class WebSocketGuard {
  private clients = 0;
  /** What the bounds did so far (tests and the flood check read these). */
  readonly stats = { messagesTaken: 0, messagesDropped: 0, clientsDropped: 0, clientsSilent: 0 };

  constructor(
    private readonly limits: WebSocketLimits = DEFAULT_WEBSOCKET_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Live pages connected now. */
  get openClients(): number {
    return this.clients;
  }

  /** Bounds this socket; false when it was closed at once (too many clients). */
  admit(socket: WebSocket): boolean {
    if (this.clients >= this.limits.maxClients) {
      socket.close(CLOSE_TRY_LATER, `at most ${this.limits.maxClients} live pages at once`);
      return false;
    }
    this.clients++;
    socket.once("close", () => this.clients--);
    this.boundSending(socket);
    this.limitReceiving(socket);
    this.heartbeat(socket);
    return true;
  }

  private heartbeat(socket: WebSocket): void {
    let answered = true;
    socket.on("pong", () => (answered = true));
    const timer = setInterval(() => {
      if (!answered) {
        this.stats.clientsSilent++;
        socket.terminate();
        return;
      }
      answered = false;
      socket.ping();
    }, this.limits.heartbeatMs);
    timer.unref();
    socket.once("close", () => clearInterval(timer));
  }

  private boundSending(socket: WebSocket): void {
    const send = socket.send.bind(socket) as (...args: unknown[]) => void;
    const max = this.limits.maxBufferedBytes;
    socket.send = ((data: string | Buffer, ...rest: unknown[]) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > max) {
        this.stats.clientsDropped++;
        socket.close(CLOSE_POLICY, "too far behind: read your messages");
        // A client that does not read will not read the close frame either.
        socket.terminate();
        return;
      }
      send(data, ...rest);
    }) as WebSocket["send"];
  }

  private limitReceiving(socket: WebSocket): void {
    const limiter = new RateLimiter(this.limits.burst, this.limits.refillMs, this.now);
    const emit = socket.emit.bind(socket);
    let told = false;
    socket.emit = ((event: string | symbol, ...args: unknown[]): boolean => {
      if (event !== "message") return emit(event, ...args);
      if (limiter.take()) {
        this.stats.messagesTaken++;
        told = false;
        return emit(event, ...args);
      }
      this.stats.messagesDropped++;
      if (!told) {
        told = true;
        socket.send(
          JSON.stringify({
            type: "error",
            error: {
              code: "live.rate-limited",
              message: `too many messages: at most ${this.limits.burst} at once, then one every ${this.limits.refillMs} ms; this one was dropped`,
            },
          }),
        );
      }
      return false;
    }) as WebSocket["emit"];
  }
}
