/**
 * The hub's own live socket, `GET /api/hub/v1/live` (docs/web.md, "The hub's live socket"): what
 * the companion app opens, so a manager or a guest whose page is off loopback — who has no
 * server token, which `/api/live` asks for there — hears the hub without polling.
 *
 * Under the hub's path, the server's token is not asked for (request-guard.ts `isHubApi`), while
 * the edge's Host and Origin checks still run first; the person is authenticated before the
 * upgrade (the hub session cookie, or `Authorization: Bearer`), and none or a bad one is a 401
 * (`auth.required` / `auth.invalid`), never a socket that hears nothing. The socket is bounded as
 * `/api/live` is (the edge's payload limit, client cap, backlog drop and ping: `admit`), carries
 * only the hub's messages scoped to the person (hub-live.ts, `own`), never the lab's lock
 * snapshots, and reads nothing: a client message closes it (1008).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import type { Actor } from "../../hub/index.ts";
import type { HubLive } from "../hub-live.ts";
import { HubApiError, HUB_API_PREFIX, SESSION_COOKIE } from "./hub-api.ts";
import type { HubRouteDoc } from "./hub-route-docs.ts";

export const HUB_LIVE_PATH = `${HUB_API_PREFIX}/live`;

/** The socket in /api/openapi.json, beside the hub's other routes. */
export const HUB_LIVE_ROUTE_DOCS: readonly HubRouteDoc[] = [
  {
    method: "GET",
    path: "/live",
    summary:
      "The hub's live messages over a WebSocket (LiveServerMessage's hub-alert, hub-alert-resolved, hub-access-code, " +
      "hub-lock — `state`: a lock's bolt, battery or door changed, at most once a second per lock — and hub-overflow), " +
      "never the lab's lock snapshots. Authenticated before the upgrade; the server reads nothing (a client message " +
      "closes it, 1008); at most 8 sockets per person (close 1013); a sign-out or revocation closes it (1008); a plain " +
      'GET with a sign-in is 426 live.upgrade-required. docs/web.md, "The hub\'s live socket"',
    who: "anyone signed in to the hub, each hearing what their role may see: the owner everything, a manager their sites, a guest their own codes' statuses",
    response: { status: 101, description: "Switching to the WebSocket protocol" },
  },
];

interface Found {
  readonly actor: Actor;
  readonly recheck: () => Promise<Actor | undefined>;
}

export interface HubLiveRouteOptions {
  readonly hubLive: HubLive;
  /** The edge's bounds on a new socket (security.admit); false when it closed it (too many). */
  readonly admit: (socket: WebSocket) => boolean;
  /** What a plain GET answers (the edge's `live.upgrade-required`). */
  readonly upgradeRequired: () => never;
}

/** Whether the request shows any credential at all (a bad one is auth.invalid, none auth.required). */
function showsCredential(headers: FastifyRequest["headers"]): boolean {
  if (typeof headers.authorization === "string" && headers.authorization.length > 0) return true;
  const cookie = headers.cookie;
  return (
    typeof cookie === "string" && cookie.split(";").some((p) => p.trim().startsWith(`${SESSION_COOKIE}=`))
  );
}

export function hubLiveRoute(app: FastifyInstance, options: HubLiveRouteOptions): void {
  const { hubLive, admit } = options;
  const who = new WeakMap<FastifyRequest, Found>();
  app.route({
    method: "GET",
    url: HUB_LIVE_PATH,
    // Before the upgrade (@fastify/websocket upgrades in the handler, after every hook): a
    // refusal is an HTTP 401 in the hub's error shape.
    preValidation: async (req) => {
      const found = await hubLive.authenticate(req.headers);
      if (!found)
        throw new HubApiError(
          401,
          showsCredential(req.headers) ? "auth.invalid" : "auth.required",
          "send Authorization: Bearer <token>, or sign in, to open the hub's live socket",
        );
      who.set(req, found);
    },
    handler: () => options.upgradeRequired(),
    wsHandler: (socket, req) => {
      const found = who.get(req);
      if (!found) {
        socket.close(1008, "not signed in");
        return;
      }
      if (!admit(socket)) return;
      if (!hubLive.attach(socket, found.actor, found.recheck, { own: true })) return;
      // The server only sends here: anything from the client is a protocol error.
      socket.on("message", () => {
        if (socket.readyState === socket.OPEN)
          socket.close(1008, "this socket only sends: nothing is read from the client");
      });
    },
  });
}
