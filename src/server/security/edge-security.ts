/**
 * The server's edge, hardened in one place (issue 9, item 5; docs/security.md): what
 * create-server.ts hooks in. Fastify's options (body and id limits, its own errors in our
 * shape), the request guard (Host, Origin, token), the security headers, JSON-only bodies,
 * 404 vs 405, and the WebSocket's bounds.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { handleError } from "../error-handler.ts";
import type { ErrorCode } from "../http-error.ts";
import { HttpError } from "../http-error.ts";
import {
  BODY_LIMIT_BYTES,
  MAX_CONNECTIONS,
  MAX_PARAM_LENGTH,
  REQUEST_TIMEOUT_MS,
  WS_MAX_PAYLOAD_BYTES,
} from "./limits.ts";
import { RouteTable } from "./method-check.ts";
import type { RequestGuardOptions } from "./request-guard.ts";
import { RequestGuard } from "./request-guard.ts";
import { SECURITY_HEADERS, setSecurityHeaders } from "./security-headers.ts";
import type { WebSocketLimits } from "./websocket-guard.ts";
import { DEFAULT_WEBSOCKET_LIMITS, WebSocketGuard } from "./websocket-guard.ts";

/** Errors the edge can answer on any route, before the route runs (docs/security.md). */
export const EDGE_ERRORS = [
  "request.host-forbidden",
  "request.origin-forbidden",
  "auth.token-missing",
  "auth.token-invalid",
  "auth.token-in-address",
  "request.bad-url",
] as const satisfies readonly ErrorCode[];

/** …and on a route that reads a body. */
export const BODY_EDGE_ERRORS = [
  "request.too-large",
  "request.media-type",
] as const satisfies readonly ErrorCode[];

export interface EdgeSecurityOptions extends RequestGuardOptions {
  readonly websocket?: Partial<WebSocketLimits>;
  /** How long a request may take to arrive in full (REQUEST_TIMEOUT_MS; tests shorten it). */
  readonly requestTimeoutMs?: number;
}

export class EdgeSecurity {
  readonly guard: RequestGuard;
  readonly sockets: WebSocketGuard;
  private readonly routes = new RouteTable();

  constructor(opts: EdgeSecurityOptions = {}) {
    this.guard = new RequestGuard(opts);
    this.sockets = new WebSocketGuard({ ...DEFAULT_WEBSOCKET_LIMITS, ...opts.websocket });
  }

  /** Options for `Fastify(…)`: errors found before any hook runs still get our shape. */
  static fastifyOptions(requestTimeoutMs = REQUEST_TIMEOUT_MS) {
    return {
      bodyLimit: BODY_LIMIT_BYTES,
      requestTimeout: requestTimeoutMs,
      // Node looks for requests past their timeout every 30 s by default, so a slow sender was
      // cut off anywhere from 30 to 60 s; looked for every second, it is the timeout.
      http: { connectionsCheckingInterval: Math.min(1000, requestTimeoutMs) },
      routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
      frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
        setSecurityHeaders(reply);
        handleError(err, req, reply);
      },
      clientErrorHandler: (err: NodeJS.ErrnoException, socket: Duplex) =>
        clientError(err, socket, requestTimeoutMs),
    } as const;
  }

  /** Options for @fastify/websocket: `ws` refuses larger frames itself (close 1009). */
  static websocketOptions() {
    return { options: { maxPayload: WS_MAX_PAYLOAD_BYTES } } as const;
  }

  /** Call before any route is added. */
  install(app: FastifyInstance): void {
    app.server.maxConnections = MAX_CONNECTIONS;
    // JSON only: a text/plain POST is what a foreign page can send without a CORS preflight.
    app.removeContentTypeParser("text/plain");
    app.addHook("onRequest", this.guard.onRequest);
    this.routes.watch(app);
  }

  /** The not-found handler: 405 with Allow when another method has this path, else 404. */
  notFound(req: FastifyRequest, reply: FastifyReply): never {
    const path = req.url.split("?")[0] ?? "";
    // An id longer than any the API takes: refused as the router refuses it for POST. For GET
    // the router fell back to the web app's files (`/*`) instead, so a 101-character lock id
    // was a 404 route.unknown under `latchkey serve` and a 400 without the web app.
    if (path.startsWith("/api/") && path.split("/").some((segment) => segment.length > MAX_PARAM_LENGTH))
      throw new HttpError("request.invalid", `path: an id is at most ${MAX_PARAM_LENGTH} characters`);
    const methods = this.routes.methodsAt(path);
    // A route that takes this method and found nothing (a file the web app does not have,
    // under the static files' `/*`) is a 404, not "GET is not allowed (allowed: GET)".
    if (methods.length > 0 && !methods.includes(req.method)) {
      void reply.header("allow", methods.join(", "));
      throw new HttpError(
        "route.method-not-allowed",
        `${req.method} is not allowed on ${path} (allowed: ${methods.join(", ")})`,
      );
    }
    throw new HttpError("route.unknown", `no route ${req.method} ${path}`);
  }

  /** What a plain GET on the WebSocket's path answers. */
  static upgradeRequired(): never {
    throw new HttpError("live.upgrade-required", "this path is a WebSocket: connect with ws://…");
  }

  /** A new live page's socket, bounded; false when it was closed at once. */
  admit(socket: WebSocket): boolean {
    return this.sockets.admit(socket);
  }
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (bytes that are not HTTP, a
 * non-ASCII path, headers over 16 KB, a request slower than REQUEST_TIMEOUT_MS) is answered
 * in the one error shape with the security headers too, not Fastify's own
 * `{"error":"Bad Request","message":"Client Error"}`; then the connection is closed.
 */
export function clientError(
  err: NodeJS.ErrnoException,
  socket: Duplex,
  requestTimeoutMs = REQUEST_TIMEOUT_MS,
): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const e =
    err.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? new HttpError(
          "request.timeout",
          `the request did not arrive in full within ${requestTimeoutMs / 1000} s`,
        )
      : err.code === "HPE_HEADER_OVERFLOW"
        ? new HttpError("request.headers-too-large", "the request's headers are larger than 16 KB")
        : new HttpError(
            "request.invalid",
            "not a valid HTTP request (a malformed request line or header, or bytes in the path that are not percent-encoded)",
          );
  const body = JSON.stringify(e.body());
  const headers = Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${e.status} ${STATUS_CODES[e.status] ?? "Error"}\r\n${headers.join("")}` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  socket.destroy();
}
