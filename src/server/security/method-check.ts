/**
 * 404 or 405: a path no route has is `route.unknown`; a path some route has, asked with
 * another method, is `route.method-not-allowed` with an Allow header (RFC 9110 §15.5.6).
 * Fastify answers both with its 404, so the routes are recorded as they are added.
 */
import type { FastifyInstance } from "fastify";

interface KnownRoute {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

/** Fastify's route form (`/api/locks/:id`, `/*`) as a regular expression over a raw path. */
function patternOf(url: string): RegExp {
  const parts = url.split("/").map((seg) => {
    if (seg.startsWith(":")) return "[^/]+";
    if (seg === "*") return ".*";
    return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^${parts.join("/")}$`);
}

export class RouteTable {
  private readonly routes = new Map<string, KnownRoute>();

  /** Records every route added after this call (install it before the routes). */
  watch(app: FastifyInstance): void {
    app.addHook("onRoute", (r) => {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      const known = this.routes.get(r.url) ?? { pattern: patternOf(r.url), methods: new Set<string>() };
      for (const m of methods) known.methods.add(String(m).toUpperCase());
      this.routes.set(r.url, known);
    });
  }

  /** The methods some route takes at this raw path (no query), sorted; empty when none. */
  methodsAt(path: string): string[] {
    const methods = new Set<string>();
    for (const r of this.routes.values()) if (r.pattern.test(path)) for (const m of r.methods) methods.add(m);
    return [...methods].sort();
  }
}
