/**
 * The token a server reachable from other machines requires (HOST not a loopback address).
 *
 * On loopback only this machine's pages can reach the server and the Host/Origin checks
 * (host-policy.ts) keep other sites' pages out; bound to a network address, anyone on the
 * network could, so every request must then show the token the server printed at start:
 * `Authorization: Bearer <token>` (scripts), the `latchkey-token` cookie (the page: opening
 * `/?token=<token>` once sets it, HttpOnly and SameSite=Strict, and redirects to the address
 * without it), or `?token=` on the WebSocket URL. The token is LATCHKEY_TOKEN, or 32 random
 * bytes drawn at start. Comparison is in constant time, on digests so lengths never leak.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_COOKIE = "latchkey-token";
/** Shorter tokens are guessable; LATCHKEY_TOKEN must be at least this long. */
export const MIN_TOKEN_LENGTH = 16;
/** Longer values are not compared (nor hashed): a bounded input like every other. */
const MAX_TOKEN_LENGTH = 512;

export type TokenCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: "auth.token-missing" | "auth.token-invalid";
      readonly reason: string;
    };

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** LATCHKEY_TOKEN checked, or the reason it cannot be used. */
export function tokenFromEnv(value: string | undefined): string | null | { error: string } {
  if (value === undefined || value === "") return null;
  if (value.length < MIN_TOKEN_LENGTH || value.length > MAX_TOKEN_LENGTH || /\s/.test(value))
    return {
      error: `LATCHKEY_TOKEN must be ${MIN_TOKEN_LENGTH}–${MAX_TOKEN_LENGTH} characters without spaces (got ${value.length})`,
    };
  return value;
}

export class AccessToken {
  readonly value: string;
  private readonly expected: Buffer;

  constructor(value?: string) {
    this.value = value ?? randomBytes(32).toString("base64url");
    this.expected = digest(this.value);
  }

  /** Whether `candidate` is the token, in time that does not depend on where they differ. */
  matches(candidate: string): boolean {
    if (candidate.length > MAX_TOKEN_LENGTH) return false;
    return timingSafeEqual(digest(candidate), this.expected);
  }

  /** Checks the token a request shows (header, cookie or query, first found in that order). */
  check(shown: string | null): TokenCheck {
    if (shown === null)
      return {
        ok: false,
        code: "auth.token-missing",
        reason:
          "this server is reachable from the network and needs its token: open the address it printed at start (…/?token=…), or send Authorization: Bearer <token>",
      };
    return this.matches(shown)
      ? { ok: true }
      : { ok: false, code: "auth.token-invalid", reason: "the token is not this server's token" };
  }
}

/** The token a request shows: Authorization: Bearer, then the cookie, then `?token=`. */
export function shownToken(
  headers: {
    authorization?: string | undefined;
    cookie?: string | undefined;
  },
  query: URLSearchParams,
): string | null {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1] ?? "";
  }
  const cookie = cookieValue(headers.cookie, TOKEN_COOKIE);
  if (cookie !== null) return cookie;
  return query.get("token");
}

/** One cookie's value from a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponentSafe(part.slice(eq + 1).trim());
  }
  return null;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The Set-Cookie value that keeps the token for the page (not readable by scripts, never sent cross-site). */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
