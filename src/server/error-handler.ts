/**
 * The one error handler (STYLE.md 5): an HttpError keeps its code and message; Fastify's own
 * request errors become ours (security/fastify-errors.ts: 413, 415, bad URL encoding) or
 * `request.invalid` (a body that is not JSON);
 * anything else is a bug, logged and answered as `server.bug`.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { HttpError } from "./http-error.ts";
import { httpErrorFromFastify } from "./security/fastify-errors.ts";

export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof HttpError) {
    void reply.code(err.status).send(err.body());
    return;
  }
  const named = httpErrorFromFastify(err as FastifyError);
  if (named) {
    void reply.code(named.status).send(named.body());
    return;
  }
  const status = (err as FastifyError).statusCode;
  // The web app's file server (@fastify/static) refuses a path that climbs with `..`, holds an
  // empty segment or a name too long for a file with a bare 403 "Forbidden": say why.
  if (status === 403) {
    const e = new HttpError(
      "request.invalid",
      "path: not a file of the web app (a path may not hold .. or //, nor a name over 255 characters)",
    );
    void reply.code(e.status).send(e.body());
    return;
  }
  if (status !== undefined && status >= 400 && status < 500) {
    const e = new HttpError("request.invalid", err.message);
    void reply.code(e.status).send(e.body());
    return;
  }
  req.log.error(err);
  // The error's own words stay in the log: they can name files and internals a caller has no business seeing.
  const e = new HttpError(
    "server.bug",
    `the server failed (request ${String(req.id)}); the details are in the server's log`,
  );
  void reply.code(e.status).send(e.body());
}

/** A zod failure in words: each problem with the field it is about. */
export function describeZodError(error: z.ZodError, where: string): string {
  return error.issues.map((i) => describeIssue(i, where)).join("; ");
}

type Issue = z.ZodError["issues"][number];

/**
 * One problem in words. A body that matches none of a union's shapes (`{ speed }` or
 * `{ skipMs }`) says what each closest shape found wrong, not zod's bare "Invalid input":
 * `{ "speed": 5 }` names `body.speed` and the speeds there are.
 */
function describeIssue(i: Issue, where: string): string {
  const path = i.path.length ? `${where}.${i.path.join(".")}` : where;
  if (i.code === "invalid_union" && i.errors.length > 0) {
    // A choice of literals (a speed: 0, 1, 10 or 60): the values allowed, in one line.
    const values = i.errors.flatMap((branch) =>
      branch.length === 1 && branch[0]!.code === "invalid_value" && branch[0]!.path.length === 0
        ? branch[0]!.values
        : [],
    );
    if (values.length === i.errors.length) return `${path}: expected one of ${values.join(", ")}`;
    const fewest = Math.min(...i.errors.map((branch) => branch.length));
    const closest = i.errors
      .filter((branch) => branch.length === fewest && fewest > 0)
      .map((branch) => branch.map((sub) => describeIssue(sub, path)).join("; "));
    if (closest.length === 1) return closest[0]!;
    if (closest.length > 1) return `either ${closest.join(", or ")}`;
  }
  return `${path}: ${i.message}`;
}
