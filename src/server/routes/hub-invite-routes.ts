/**
 * One-time invite links for the companion app (issue 11, "People: invite"): an owner asks for
 * a link for someone already added (`POST /people/{id}/invite`), passes it on, and that person
 * opens it and chooses their own password (`POST /invite`) — so the owner never knows it. The
 * link carries a 256-bit random token; the hub keeps only its SHA-256 in its database
 * (src/hub/invite-book.ts), for a week, usable once, so a restart does not void it. A newer
 * link for the same person replaces the older one. A password refused as too weak spends
 * nothing (the link still works); a link whose owner is no longer an owner (or was revoked) is
 * refused. `GET /invites` lists the links still open — whom for, who made it, until when —
 * never a token: the link is shown once, to the owner who made it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Actor, Hub, Outcome } from "../../hub/index.ts";
import { InviteBook, authorize } from "../../hub/index.ts";
import type { HubRouteDoc } from "./hub-route-docs.ts";
import { listPageQuery } from "./hub-schemas.ts";
import { BadCursor, decodeCursor, pageOf, paginationJsonSchema } from "./hub-paging.ts";
import type { IdempotencyOptions } from "./hub-idempotency.ts";
import { idempotent } from "./hub-idempotency.ts";

const personId = z.string().min(1).max(64);
export const inviteParams = z.object({ person_id: personId }).strict();
export const redeemInviteBody = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "token is the link's 43 characters"),
    password: z.string().min(1).max(200),
  })
  .strict();

export interface InviteRoutesOptions {
  readonly hub: Hub;
  readonly actorOf: (req: FastifyRequest) => Promise<Actor>;
  readonly parse: <S extends z.ZodType>(schema: S, value: unknown, where: string) => z.output<S>;
  readonly unwrap: <T>(outcome: Outcome<T>) => T;
  readonly fail: (status: number, code: string, message: string) => Error;
  readonly prefix: string;
  readonly invites?: InviteBook;
  /** Idempotency-Key on making a link (hub-idempotency.ts): a retried request gets the same link. */
  readonly keys?: IdempotencyOptions;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export async function hubInviteRoutes(app: FastifyInstance, options: InviteRoutesOptions): Promise<void> {
  const { hub, actorOf, parse, unwrap, fail, prefix } = options;
  const invites = options.invites ?? new InviteBook(hub.repo.db);
  const invalid = () => fail(401, "auth.invalid", "the invite link is not valid, was used or has expired");

  app.post(`${prefix}/people/:person_id/invite`, { bodyLimit: 1024 }, async (req, reply) => {
    const actor = await actorOf(req);
    const make = () => makeInvite(actor, req, reply);
    return options.keys ? idempotent(options.keys, actor.id, req, reply, make) : make();
  });

  const makeInvite = async (actor: Actor, req: FastifyRequest, reply: FastifyReply) => {
    const p = parse(inviteParams, req.params, "path");
    const d = authorize(actor, "person.write");
    if (!d.ok) throw fail(403, d.code, d.reason);
    const person = await hub.repo.getPerson(p.person_id);
    if (!person) throw fail(404, "person.not-found", "no such person");
    if (person.revokedAtMs) throw fail(409, "person.revoked", "the person's access was revoked");
    const made = await invites.make(person.id, actor.id);
    void reply.code(201);
    return {
      invite: {
        person_id: person.id,
        path: `/app/#/invite/${made.token}`,
        token: made.token,
        expires_at: iso(made.expiresAtMs),
      },
    };
  };

  app.get(`${prefix}/invites`, async (req) => {
    const actor = await actorOf(req);
    const d = authorize(actor, "person.write");
    if (!d.ok) throw fail(403, d.code, d.reason);
    const q = parse(listPageQuery, req.query, "query");
    let after: readonly (string | number)[] | undefined;
    try {
      after = q.page_cursor === undefined ? undefined : decodeCursor(q.page_cursor, ["n", "s"]);
    } catch (err) {
      if (err instanceof BadCursor) throw fail(400, "request.invalid", err.message);
      throw err;
    }
    // Oldest first: a person's link expires INVITE_TTL_MS after it was made, one link a person.
    const open = await invites.listOpen();
    const page = pageOf(open, (i) => [i.expiresAtMs, i.personId], q.limit, after, req.url);
    return {
      invites: page.items.map((i) => ({
        person_id: i.personId,
        invited_by: i.invitedBy,
        expires_at: iso(i.expiresAtMs),
      })),
      pagination: page.pagination,
    };
  });

  app.post(`${prefix}/invite`, { bodyLimit: 4096 }, async (req) => {
    const b = parse(redeemInviteBody, req.body, "body");
    const taken = await invites.take(b.token);
    if (!taken) throw invalid();
    try {
      // The owner who made the link must still be one: their word is what sets the password.
      const inviter = await hub.repo.getPerson(taken.invite.invitedBy);
      if (!inviter || inviter.role !== "owner" || inviter.revokedAtMs) throw invalid();
      unwrap(await hub.setPassword(inviter, taken.invite.personId, b.password));
      const person = await hub.repo.getPerson(taken.invite.personId);
      if (!person) throw invalid();
      return { person: { id: person.id, name: person.name, role: person.role } };
    } catch (e) {
      // A refused password (too short) spends nothing: the link still works.
      if (!(e instanceof Error && "code" in e && (e as { code: unknown }).code === "auth.invalid"))
        await taken.undo();
      throw e;
    }
  });
}

export const INVITE_ROUTE_DOCS: readonly HubRouteDoc[] = [
  {
    method: "POST",
    path: "/people/:person_id/invite",
    idempotent: true,
    summary: "A one-time invite link for a person, to choose their own password",
    who: "owner",
    params: inviteParams,
    response: {
      status: 201,
      description:
        "`{ invite: { person_id, path, token, expires_at } }`: open `path` on this server (the companion app) within a week; a newer link replaces this one",
      schema: z.object({
        invite: z.object({
          person_id: z.string(),
          path: z.string(),
          token: z.string(),
          expires_at: z.string(),
        }),
      }),
    },
    errors: ["person.not-found", "person.revoked"],
  },
  {
    method: "GET",
    path: "/invites",
    summary: "Invite links still open, oldest first, paged with limit and page_cursor (never a token)",
    who: "owner",
    query: listPageQuery,
    response: {
      status: 200,
      description:
        "`{ invites: [{ person_id, invited_by, expires_at }], pagination }`: links not used, not expired, made by a present owner (every one without limit)",
      schema: z.object({
        invites: z.array(z.object({ person_id: z.string(), invited_by: z.string(), expires_at: z.string() })),
        pagination: paginationJsonSchema,
      }),
    },
  },
  {
    method: "POST",
    path: "/invite",
    summary: "Use an invite link: the person sets their password (the link is spent)",
    who: "anyone with the link",
    open: true,
    body: redeemInviteBody,
    response: {
      status: 200,
      description: "The person, who now signs in with their id and this password",
      schema: z.object({ person: z.object({ id: z.string(), name: z.string(), role: z.string() }) }),
    },
    errors: ["auth.invalid", "auth.password"],
  },
];
