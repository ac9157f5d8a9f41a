/**
 * Fastify's own request errors in the one error shape (STYLE.md 5): a body too large is 413,
 * a media type the server does not read is 415, a path that is not valid percent-encoding or
 * has an over-long id is 400. Each keeps a stable code of ours, not Fastify's.
 */
import { HttpError } from "../http-error.ts";
import { BODY_LIMIT_BYTES, MAX_PARAM_LENGTH } from "./limits.ts";

/** Our error for one of Fastify's, or null when it is not one we name. */
export function httpErrorFromFastify(err: { code?: string; message: string }): HttpError | null {
  switch (err.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpError("request.too-large", `the body is larger than ${BODY_LIMIT_BYTES} bytes`);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new HttpError(
        "request.media-type",
        "a request body must be JSON (Content-Type: application/json)",
      );
    case "FST_ERR_BAD_URL":
      return new HttpError(
        "request.bad-url",
        "the path is not valid URL encoding (a % not followed by two hex digits, or bytes that are not UTF-8)",
      );
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      // Fastify says "not valid JSON" for valid JSON with a prototype key too (it refuses those).
      return new HttpError(
        "request.invalid",
        "the body is not JSON, or holds a key named __proto__ or constructor (refused: they would reach objects' prototypes)",
      );
    case "FST_ERR_MAX_PARAM_LENGTH":
      return new HttpError("request.invalid", `path: an id is at most ${MAX_PARAM_LENGTH} characters`);
    default:
      return null;
  }
}
