/**
 * The environment variables of the server's edge (docs/security.md): LATCHKEY_ALLOWED_HOSTS
 * (more names the server answers to) and LATCHKEY_TOKEN (the token to require instead of a
 * random one). A value that cannot be used stops the start with why, rather than being
 * ignored: a person who set it meant it.
 */
import { tokenFromEnv } from "./access-token.ts";
import type { EdgeSecurityOptions } from "./edge-security.ts";
import { parseAllowedHosts } from "./host-policy.ts";

export function securityFromEnv(env: NodeJS.ProcessEnv): EdgeSecurityOptions | { error: string } {
  const hosts = parseAllowedHosts(env["LATCHKEY_ALLOWED_HOSTS"]);
  if ("error" in hosts) return hosts;
  const token = tokenFromEnv(env["LATCHKEY_TOKEN"]);
  if (token !== null && typeof token === "object") return token;
  return { allowedHosts: hosts, ...(token === null ? {} : { token }) };
}
