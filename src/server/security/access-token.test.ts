/** The token's rules: random when not given, constant-time match, where a request shows it. */
import { describe, expect, it } from "vitest";
import {
  AccessToken,
  cookieValue,
  shownToken,
  TOKEN_COOKIE,
  tokenCookie,
  tokenFromEnv,
} from "./access-token.ts";

describe("the access token", () => {
  it("is 32 random bytes (base64url) unless LATCHKEY_TOKEN gives one", () => {
    const a = new AccessToken();
    const b = new AccessToken();
    expect(a.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.value).not.toBe(b.value);
    expect(new AccessToken("my-own-token-0123456789").value).toBe("my-own-token-0123456789");
  });

  it("matches only itself: not a prefix, a longer value, another case or an empty one", () => {
    const t = new AccessToken("my-own-token-0123456789");
    expect(t.matches("my-own-token-0123456789")).toBe(true);
    for (const c of [
      "my-own-token-012345678",
      "my-own-token-01234567890",
      "MY-OWN-TOKEN-0123456789",
      "",
      "x".repeat(10_000),
    ])
      expect(t.matches(c), c.slice(0, 30)).toBe(false);
    expect(t.check(null)).toMatchObject({ ok: false, code: "auth.token-missing" });
    expect(t.check("nope")).toMatchObject({ ok: false, code: "auth.token-invalid" });
  });

  it("LATCHKEY_TOKEN must be long enough and without spaces", () => {
    expect(tokenFromEnv(undefined)).toBeNull();
    expect(tokenFromEnv("short")).toHaveProperty("error");
    expect(tokenFromEnv("has a space in it 0123")).toHaveProperty("error");
    expect(tokenFromEnv("long-enough-token-0123")).toBe("long-enough-token-0123");
  });

  it("is read from Authorization: Bearer, then the cookie, then ?token=", () => {
    const q = new URLSearchParams("token=from-query");
    expect(shownToken({ authorization: "Bearer from-header", cookie: `${TOKEN_COOKIE}=c` }, q)).toBe(
      "from-header",
    );
    expect(shownToken({ authorization: "Basic abc" }, q)).toBe("");
    expect(shownToken({ cookie: `a=1; ${TOKEN_COOKIE}=from-cookie` }, q)).toBe("from-cookie");
    expect(shownToken({}, q)).toBe("from-query");
    expect(shownToken({}, new URLSearchParams())).toBeNull();
    expect(cookieValue("x=1;y=2", "y")).toBe("2");
    expect(tokenCookie("t")).toBe(`${TOKEN_COOKIE}=t; Path=/; HttpOnly; SameSite=Strict`);
  });
});
