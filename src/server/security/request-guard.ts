/**
 * The check every HTTP request and every WebSocket upgrade passes before any route runs
 * (an `onRequest` hook: @fastify/websocket routes upgrades through the same hooks): its
 * Host and Origin (host-policy.ts), then, when the server is reachable from the network,
 * its token (access-token.ts). A refused request gets 403 or 401 in the one error shape and
 * reaches no route, so it changes nothing.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { HttpError } from "../http-error.ts";
import { AccessToken, shownToken, tokenCookie } from "./access-token.ts";
import { HostPolicy, isLoopback } from "./host-policy.ts";
import { setSecurityHeaders } from "./security-headers.ts";

export interface RequestGuardOptions {
  /** More Host names to answer to (LATCHKEY_ALLOWED_HOSTS). */
  readonly allowedHosts?: readonly string[];
  /** The token (LATCHKEY_TOKEN); drawn at random when one is needed and none is given. */
  readonly token?: string;
  /** Require the token even when bound to loopback (tests, or a shared machine). */
  readonly requireToken?: boolean;
}

export class RequestGuard {
  readonly policy: HostPolicy;
  private token: AccessToken | null = null;

  constructor(private readonly opts: RequestGuardOptions = {}) {
    this.policy = new HostPolicy(opts.allowedHosts);
    if (opts.requireToken) this.token = new AccessToken(opts.token);
  }

  /**
   * The server is about to listen on `host`: a host that is not loopback (0.0.0.0, a LAN
   * address) makes the token required, from before the first request can arrive.
   */
  willListen(host: string): void {
    if (!isLoopback(host)) this.token ??= new AccessToken(this.opts.token);
  }

  /** The server listens on `host:port`: that port is the one Host headers must name. */
  bind(host: string, port: number): void {
    this.willListen(host);
    this.policy.bind(host, port);
  }

  /** The token requests must show, or null when none is required. */
  get requiredToken(): string | null {
    return this.token?.value ?? null;
  }

  /** The `onRequest` hook. */
  readonly onRequest = async (
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    setSecurityHeaders(reply);
    // Node keeps the first of several Host headers and drops the rest, while a proxy in front
    // may route by another: one request, one Host (RFC 9112 §3.2 answers more with 400).
    // (An in-process upgrade, `injectWS`, comes without raw headers.)
    if (hostHeaderCount(req.raw.rawHeaders) > 1)
      throw new HttpError("request.host-forbidden", "the request has more than one Host header");
    const host = this.policy.checkHost(req.headers.host);
    if (!host.ok) throw new HttpError("request.host-forbidden", host.reason);
    const origin = this.policy.checkOrigin(req.headers.origin);
    if (!origin.ok) throw new HttpError("request.origin-forbidden", origin.reason);
    // A hook that answered returns the reply, so Fastify stops there (the redirect below).
    // The hub's APIs authenticate every request themselves with each person's token (issue 10:
    // `Authorization: Bearer`), so the server's one token is not asked for there; Host and
    // Origin are checked above all the same.
    if (this.token && !isHubApi(req.url) && !isOpenFile(req.method, req.url))
      if (this.checkToken(this.token, req, reply)) return reply;
    return undefined;
  };

  /** Throws when the token is missing or wrong; true when it answered (the cookie redirect). */
  private checkToken(token: AccessToken, req: FastifyRequest, reply: FastifyReply): boolean {
    const [path = "/", search = ""] = splitOnce(req.url, "?");
    const query = new URLSearchParams(search);
    const fromQuery = query.get("token");
    if (fromQuery !== null) {
      // An address ends up in proxy and server logs and in the history: it may carry the token
      // only to open the page (a GET, answered with the cookie) or the WebSocket (a GET
      // upgrade); a request that changes something shows it in Authorization or the cookie.
      if (req.method !== "GET" && req.method !== "HEAD")
        throw new HttpError(
          "auth.token-in-address",
          "send the token in Authorization: Bearer <token> (or the cookie), not in the address: addresses end up in logs",
        );
      const check = token.check(fromQuery);
      if (!check.ok) throw new HttpError(check.code, check.reason);
      // The page was opened with the printed address: keep the token in a cookie the page's
      // scripts cannot read, and take it out of the address bar and the history. A script's
      // read of the API (`curl …/api/locks?token=…`) is answered as asked: a redirect with a
      // cookie left it with a 303 and nothing to read (curl keeps no cookies unless told).
      if (req.method === "GET" && req.headers.upgrade === undefined && !isApiPath(path)) {
        query.delete("token");
        const rest = query.toString();
        // This server's path alone: an absolute-form request line (`GET http://host/…`) names
        // another site, and so does `//host/…` or `/\host/…` to a browser.
        const here = `/${path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/^[/\\]+/, "")}`;
        void reply
          .code(303)
          .header("set-cookie", tokenCookie(fromQuery))
          .header("location", rest === "" ? here : `${here}?${rest}`)
          .send();
        return true;
      }
      return false;
    }
    const check = token.check(shownToken(req.headers, query));
    if (!check.ok) throw new HttpError(check.code, check.reason);
    return false;
  }
}

/** The server's JSON API (the lab's `/api/…`), as opposed to a page a person opens. */
function isApiPath(path: string): boolean {
  return path === "/api" || path.startsWith("/api/");
}

/** Paths of the hub's own APIs (REST and Seam's RPC paths), which check their people's tokens themselves. */
export function isHubApi(url: string): boolean {
  for (const prefix of ["/api/hub", "/api/seam"])
    if (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`)) return true;
  return false;
}

/**
 * What the hub's people and integrators read before they have anything but their own hub
 * credentials: the companion app's page and the built files it loads (`GET /app/`,
 * `/assets/<file>`), where a manager or a guest with an invite link signs in with their own
 * password, and the OpenAPI document (`GET /api/openapi.json`), from which an integrator holding
 * a hub token writes a client. Asking for the server's one token there — which drives every lock
 * through the lab's API — meant nobody but the owner could use either on a server reachable from
 * the network. They are the same for everyone and hold no data; every API they lead to checks its
 * own credentials. A `?token=` still goes through the check (the cookie and redirect).
 */
export function isOpenFile(method: string, url: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  return /^(\/app|\/app\/|\/app\/index\.html|\/api\/openapi\.json|\/assets\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,254})$/.test(
    url,
  );
}

/** Host headers in a request; none read when there are no raw headers (Fastify's injectWS sends none). */
function hostHeaderCount(rawHeaders: readonly string[] | undefined): number {
  if (rawHeaders === undefined) return 0;
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]?.toLowerCase() === "host") n++;
  return n;
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}
