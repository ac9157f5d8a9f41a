/**
 * API tokens one at a time, on SQLite and (with DATABASE_URL) PostgreSQL: an owner lists a
 * person's tokens (never the secret) and revokes the one a leaked script held, while the
 * person's other tokens, sessions and codes stay; a person does the same for their own; a
 * manager or another guest cannot; a person holds a bounded number of tokens, the hub a
 * bounded number of people and sites; a refusal changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { DEFAULT_HUB_LIMITS, Hub, MAX_API_TOKENS_PER_PERSON, ephemeralSigningKey } from "../../hub/index.ts";
import type { Actor } from "../../hub/index.ts";
import { backends } from "../../hub/storage/test-backends.test-fake.ts";
import { FakeLockSource } from "../../hub/fake-lock-source.test-fake.ts";
import { HUB_API_PREFIX, hubApi } from "./hub-api.ts";

const OWNER = "tokens-owner-token-0123456789";

for (const backend of backends("hub-api-tokens")) {
  describe(`API tokens one at a time (${backend.name})`, () => {
    let app: FastifyInstance;
    let hub: Hub;
    let admin: Actor;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      const opened = await backend.open();
      cleanup = opened.cleanup;
      hub = new Hub({ repo: opened.repo, source: new FakeLockSource() });
      await hub.watch();
      admin = await hub.ensureAdminToken(OWNER);
      for (const [id, role] of [
        ["gus", "guest"],
        ["gina", "guest"],
        ["max", "manager"],
      ] as const) {
        const made = await hub.addPerson(admin, {
          id,
          name: id,
          role,
          ...(role === "manager" ? { siteIds: [] } : {}),
        });
        if (!made.ok) throw new Error(made.reason);
      }
      app = Fastify();
      await app.register(hubApi, { hub });
    });

    afterEach(async () => {
      await app.close();
      await hub.close();
      await cleanup();
    });

    const call = (method: "GET" | "POST" | "DELETE", url: string, token: string, body?: unknown) =>
      app.inject({
        method,
        url: `${HUB_API_PREFIX}${url}`,
        headers: { authorization: `Bearer ${token}` },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    const make = async (person: string, label: string): Promise<{ id: string; token: string }> => {
      const r = await call("POST", `/people/${person}/api_tokens`, OWNER, { label });
      expect(r.statusCode, r.body).toBe(201);
      const t = r.json().api_token;
      expect(t).toMatchObject({ person_id: person, label });
      expect(typeof t.id).toBe("string");
      expect(Date.parse(t.created_at)).not.toBeNaN();
      return { id: t.id, token: t.token };
    };

    it("the owner lists a person's tokens without their secrets and revokes one: it stops working, the other goes on", async () => {
      const ci = await make("gus", "ci script");
      const phone = await make("gus", "phone");
      const listed = await call("GET", "/people/gus/api_tokens", OWNER);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().api_tokens.map((t: { label: string }) => t.label)).toEqual(["ci script", "phone"]);
      expect(listed.body).not.toContain(ci.token);
      expect(listed.body).not.toContain(phone.token);
      expect(listed.body).not.toMatch(/token_hash|"token"/);

      const revoked = await call("DELETE", `/people/gus/api_tokens/${ci.id}`, OWNER);
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().api_token).toMatchObject({ id: ci.id, person_id: "gus", label: "ci script" });
      expect((await call("GET", "/access_codes", ci.token)).statusCode).toBe(401);
      expect((await call("GET", "/access_codes", phone.token)).statusCode).toBe(200);
      const after = await call("GET", "/people/gus/api_tokens", OWNER);
      expect(after.json().api_tokens.map((t: { id: string }) => t.id)).toEqual([phone.id]);
      // Twice: it is gone.
      const again = await call("DELETE", `/people/gus/api_tokens/${ci.id}`, OWNER);
      expect(again.statusCode).toBe(404);
      expect(again.json().error.code).toBe("api_token.not-found");
    });

    it("a person lists and revokes their own tokens, even the one they call with; never another's", async () => {
      const own = await make("gus", "laptop");
      const other = await make("gina", "gina's");
      const mine = await call("GET", "/people/gus/api_tokens", own.token);
      expect(mine.statusCode).toBe(200);
      expect(mine.json().api_tokens).toHaveLength(1);
      for (const [method, url] of [
        ["GET", "/people/gina/api_tokens"],
        ["DELETE", `/people/gina/api_tokens/${other.id}`],
      ] as const) {
        const r = await call(method, url, own.token);
        expect(r.statusCode, `${method} ${url}`).toBe(403);
      }
      // Gina's token id under Gus's path is not Gus's token: not found, and Gina's still works.
      const crossed = await call("DELETE", `/people/gus/api_tokens/${other.id}`, own.token);
      expect(crossed.statusCode).toBe(404);
      expect((await call("GET", "/access_codes", other.token)).statusCode).toBe(200);
      const self = await call("DELETE", `/people/gus/api_tokens/${own.id}`, own.token);
      expect(self.statusCode).toBe(200);
      expect((await call("GET", "/access_codes", own.token)).statusCode).toBe(401);
    });

    it("a manager neither lists nor revokes a guest's tokens; bad ids are 400 and change nothing", async () => {
      const gus = await make("gus", "x");
      const maxToken = await make("max", "max");
      expect((await call("GET", "/people/gus/api_tokens", maxToken.token)).statusCode).toBe(403);
      expect((await call("DELETE", `/people/gus/api_tokens/${gus.id}`, maxToken.token)).statusCode).toBe(403);
      expect((await call("GET", "/people/nobody/api_tokens", OWNER)).statusCode).toBe(404);
      const bad = await call("DELETE", `/people/gus/api_tokens/${"x".repeat(80)}`, OWNER);
      expect(bad.statusCode).toBe(400);
      expect((await call("GET", "/access_codes", gus.token)).statusCode).toBe(200);
    });

    it(`a person holds at most ${MAX_API_TOKENS_PER_PERSON} tokens: the next is 409 api_token.too-many until one is revoked`, async () => {
      let first = "";
      for (let i = 0; i < MAX_API_TOKENS_PER_PERSON; i++) {
        const made = await hub.issueApiToken(admin, "gina", `t${i}`);
        if (!made.ok) throw new Error(made.reason);
        if (i === 0) first = made.value.id;
      }
      const over = await call("POST", "/people/gina/api_tokens", OWNER, { label: "one more" });
      expect(over.statusCode).toBe(409);
      expect(over.json().error.code).toBe("api_token.too-many");
      expect((await call("GET", "/people/gina/api_tokens", OWNER)).json().api_tokens).toHaveLength(
        MAX_API_TOKENS_PER_PERSON,
      );
      expect((await call("DELETE", `/people/gina/api_tokens/${first}`, OWNER)).statusCode).toBe(200);
      expect((await call("POST", "/people/gina/api_tokens", OWNER, { label: "one more" })).statusCode).toBe(
        201,
      );
    });
  });
}

for (const backend of backends("hub-limits")) {
  describe(`the hub's counts are bounded (${backend.name})`, () => {
    it("people, sites and published firmware releases stop at the hub's limits with 409 *.too-many, and the refusal adds nothing", async () => {
      const opened = await backend.open();
      const hub = new Hub({
        repo: opened.repo,
        source: new FakeLockSource(),
        limits: { people: 3, sites: 2, firmwareReleases: 2 },
        firmwareKey: ephemeralSigningKey(),
      });
      await hub.watch();
      const app = Fastify();
      await app.register(hubApi, { hub });
      try {
        await hub.ensureAdminToken(OWNER); // the owner is the first person
        const post = (url: string, body: object) =>
          app.inject({
            method: "POST",
            url: `${HUB_API_PREFIX}${url}`,
            headers: { authorization: `Bearer ${OWNER}` },
            payload: body,
          });
        for (const name of ["Ann", "Bo"])
          expect((await post("/people", { name, role: "guest" })).statusCode).toBe(201);
        const person = await post("/people", { name: "Cy", role: "guest" });
        expect(person.statusCode).toBe(409);
        expect(person.json().error.code).toBe("person.too-many");
        for (const name of ["Home", "Cabin"])
          expect((await post("/sites", { name, time_zone: "UTC" })).statusCode).toBe(201);
        const site = await post("/sites", { name: "Barn", time_zone: "UTC" });
        expect(site.statusCode).toBe(409);
        expect(site.json().error.code).toBe("site.too-many");
        expect(await opened.repo.countPeople()).toBe(3);
        expect(await opened.repo.countSites()).toBe(2);
        // The firmware catalog is read whole at every look: published builds stop at the limit too.
        for (const version of ["1.2.0", "1.3.0"])
          expect(
            (await post("/firmware/releases", { profile: "halo", version, changes: ["x"] })).statusCode,
          ).toBe(201);
        const release = await post("/firmware/releases", {
          profile: "halo",
          version: "1.4.0",
          changes: ["x"],
        });
        expect(release.statusCode).toBe(409);
        expect(release.json().error.code).toBe("firmware_release.too-many");
        const releases = (
          await app.inject({
            method: "GET",
            url: `${HUB_API_PREFIX}/firmware/releases`,
            headers: { authorization: `Bearer ${OWNER}` },
          })
        ).json().releases as { version: string }[];
        expect(releases.map((r) => r.version)).not.toContain("1.4.0");
        expect(DEFAULT_HUB_LIMITS).toEqual({ people: 100_000, sites: 10_000, firmwareReleases: 1_000 });
      } finally {
        await app.close();
        await hub.close();
        await opened.cleanup();
      }
    });
  });
}
