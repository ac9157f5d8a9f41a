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
  const e = new HttpError("server.bug", `the server failed: ${err.message}`);
  void reply.code(e.status).send(e.body());
}

/** A zod failure in words: each problem with the field it is about. */
export function describeZodError(error: z.ZodError, where: string): string {
  return error.issues
    .map((i) => {
      const path = i.path.length ? `${where}.${i.path.join(".")}` : where;
      return `${path}: ${i.message}`;
    })
    .join("; ");
}
