/**
 * The one HTTP error type of the server (STYLE.md 4–5): a stable code grouped by subsystem
 * (`lock.unknown`, `fault.unsupported`, `request.invalid`) and one message a person
 * understands. Route handlers throw it; `error-handler.ts` turns it (and anything else)
 * into the one error body, and the WebSocket reuses the same codes.
 */

/** Every error code the API gives, with its HTTP status. docs/web.md lists them. */
export const ERROR_STATUS = {
  "request.invalid": 400,
  "request.bad-url": 400,
  "request.too-large": 413,
  "request.headers-too-large": 431,
  "request.timeout": 408,
  "request.media-type": 415,
  "request.host-forbidden": 403,
  "request.origin-forbidden": 403,
  "auth.token-missing": 401,
  "auth.token-invalid": 401,
  "auth.token-in-address": 401,
  "route.unknown": 404,
  "route.method-not-allowed": 405,
  "live.upgrade-required": 426,
  "live.rate-limited": 429,
  "lock.unknown": 404,
  "lock.setup-invalid": 422,
  "scenario.invalid": 422,
  "lock.exists": 409,
  "lock.too-many": 409,
  "matter.disabled": 409,
  "matter.no-radio": 409,
  "matter.too-many": 409,
  "matter.all-on": 409,
  "matter.start-failed": 503,
  "host.storage-failed": 503,
  "lock.id-invalid": 400,
  "lock.refused": 409,
  "profile.unknown": 400,
  "key.absent": 409,
  "pack.inserted": 409,
  "pack.removed": 409,
  "fault.unknown": 400,
  "fault.unsupported": 409,
  "fix.unknown": 400,
  "fix.refused": 409,
  "fix.confirm-needed": 409,
  "radio.absent": 409,
  "lock.offline": 409,
  "lock.unpaired": 409,
  "lock.paired": 409,
  "pairing.failed": 409,
  "doctor.unknown-symptom": 400,
  "doctor.no-session": 404,
  "doctor.finished": 409,
  "doctor.not-the-step": 409,
  "doctor.unknown-answer": 400,
  "doctor.confirm-needed": 409,
  "server.bug": 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_STATUS, code);
}

/** What every error response carries: `{ "error": { "code", "message" } }`. */
export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

export class HttpError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = "HttpError";
    this.code = code;
    this.status = ERROR_STATUS[code];
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
