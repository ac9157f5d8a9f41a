/** Tokens are kept only as their SHA-256: a stolen database holds no usable token. */
import { createHash } from "node:crypto";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
