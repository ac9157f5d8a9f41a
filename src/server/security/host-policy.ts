/**
 * Which Host and Origin a request may carry (DNS rebinding and cross-site requests).
 *
 * A page on another site can make a person's browser talk to this server in two ways: by a
 * cross-origin request or WebSocket (its Origin is foreign), or by DNS rebinding (its own
 * name, re-pointed at 127.0.0.1, is in the Host header). So a request is served only when
 * its Host is one of this server's names at its port, and when it carries an Origin, that
 * Origin's host is one too. Requests without Origin (curl, scripts, same-origin GETs and
 * navigations) are fine: a browser always sends Origin on cross-origin requests and on
 * WebSocket upgrades.
 *
 * This server's names: the loopback ones (localhost, 127.0.0.1, [::1]) at its port; the
 * address it is bound to (HOST) and, bound to every interface, the machine's addresses and
 * host name; and whatever LATCHKEY_ALLOWED_HOSTS adds. docs/security.md says it for people.
 */
import { hostname as machineName, networkInterfaces } from "node:os";

/** The loopback names a browser on this machine uses. */
export const LOOPBACK_NAMES: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** One allowed host: a name and a port, or a name at any port. */
interface HostRule {
  readonly name: string;
  readonly port: number | "any";
}

export type HostCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const OK: HostCheck = { ok: true };

/** True for an address or name that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** True for a bind address that means "every interface". */
export function isWildcard(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, "$1");
  return h === "0.0.0.0" || h === "::" || h === "";
}

/** `name[:port]` → its name (lower case, IPv6 in brackets) and port, or null when it is not one. */
export function parseHostHeader(value: string): { name: string; port: number | null } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && port > 65_535) return null;
  return { name: (m[1] ?? "").toLowerCase(), port };
}

/** An IPv6 address in the form a Host header carries it. */
function bracketed(address: string): string {
  return address.includes(":") && !address.startsWith("[") ? `[${address}]` : address;
}

/**
 * LATCHKEY_ALLOWED_HOSTS: comma-separated `name` (any port) or `name:port` entries, e.g.
 * `lock.example.lan,192.168.1.20:8080`. A bad entry is an error a person can fix, not
 * silently skipped.
 */
export function parseAllowedHosts(value: string | undefined): string[] | { error: string } {
  if (value === undefined || value.trim() === "") return [];
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  const bad = entries.filter((e) => parseHostHeader(e) === null || e.includes("*"));
  if (bad.length > 0)
    return {
      error: `LATCHKEY_ALLOWED_HOSTS: "${bad.join('", "')}" is not a host name or name:port (comma-separated, no scheme, no wildcard)`,
    };
  return entries;
}

export class HostPolicy {
  private readonly rules: HostRule[] = [];
  /** The names that come from where the server listens (replaced by each `bind`). */
  private bound: HostRule[] = [];
  /** The port the server listens on; null before it listens (in-process requests only). */
  private port: number | null = null;

  constructor(extraHosts: readonly string[] = []) {
    for (const entry of extraHosts) {
      const parsed = parseHostHeader(entry);
      if (!parsed) throw new Error(`not a host name or name:port: "${entry}"`);
      this.rules.push({ name: parsed.name, port: parsed.port ?? "any" });
    }
  }

  /**
   * The server listens: its port, and the address it is bound to, become allowed. Bound to
   * every interface (0.0.0.0, ::), the machine's own addresses and name are allowed too, so
   * `http://<this machine>:<port>` works from the network (with the token, access-token.ts).
   */
  bind(bindHost: string, port: number): void {
    this.port = port;
    const names = new Set<string>();
    if (isWildcard(bindHost)) {
      for (const list of Object.values(networkInterfaces()))
        for (const i of list ?? []) names.add(bracketed(i.address.split("%")[0] ?? i.address));
      const own = machineName().toLowerCase();
      names.add(own);
      if (!own.includes(".")) names.add(`${own}.local`);
    } else if (!isLoopback(bindHost)) names.add(bracketed(bindHost).toLowerCase());
    this.bound = [...names].map((name) => ({ name: name.toLowerCase(), port }));
  }

  /** Every name:port this policy allows, for the start message and docs. */
  describe(): string[] {
    const port = this.port === null ? "<port>" : String(this.port);
    const all = [
      ...LOOPBACK_NAMES.map((n) => `${n}:${port}`),
      ...[...this.bound, ...this.rules].map((r) => (r.port === "any" ? r.name : `${r.name}:${r.port}`)),
    ];
    return [...new Set(all)];
  }

  /**
   * A request's Host header. A request without one is not a browser's (browsers always send
   * it, and Node refuses HTTP/1.1 without it), so it cannot be a rebinding attack.
   */
  checkHost(value: string | undefined): HostCheck {
    if (value === undefined) return OK;
    const parsed = parseHostHeader(value);
    if (!parsed) return { ok: false, reason: `the Host header "${clip(value)}" is not a host name` };
    return this.allows(parsed.name, parsed.port ?? 80)
      ? OK
      : {
          ok: false,
          reason: `this server does not answer to the host "${clip(value)}" (allowed: ${this.describe().join(", ")}; LATCHKEY_ALLOWED_HOSTS adds names)`,
        };
  }

  /** A request's Origin header: absent is fine; present, its host must be one of ours. */
  checkOrigin(value: string | undefined): HostCheck {
    if (value === undefined) return OK;
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    // `null` (a sandboxed frame, a file:// page) and non-web schemes are foreign. An origin is
    // scheme://host[:port] exactly as a browser serialises it (RFC 6454): with a path — even a
    // lone "/" —, a query, a fragment or a user it is not one.
    const plain =
      url !== null &&
      url.username === "" &&
      url.password === "" &&
      !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*[/?#]/i.test(value);
    if (!url || !plain || (url.protocol !== "http:" && url.protocol !== "https:"))
      return { ok: false, reason: `requests from the origin "${clip(value)}" are refused` };
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    return this.allows(url.hostname.toLowerCase(), port)
      ? OK
      : {
          ok: false,
          reason: `pages from "${clip(value)}" may not use this server (only this server's own pages may; LATCHKEY_ALLOWED_HOSTS adds names)`,
        };
  }

  private allows(name: string, port: number): boolean {
    if (LOOPBACK_NAMES.includes(name)) return this.port === null || port === this.port;
    return [...this.bound, ...this.rules].some(
      (r) => r.name === name && (r.port === "any" || r.port === port),
    );
  }
}

/** A header value quoted back to the person, cut short so a huge header is not echoed. */
function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
