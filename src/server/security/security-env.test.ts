/** LATCHKEY_ALLOWED_HOSTS and LATCHKEY_TOKEN as `npm start` reads them. */
import { describe, expect, it } from "vitest";
import { securityFromEnv } from "./security-env.ts";

describe("the edge's environment variables", () => {
  it("reads both, and stops with a reason on a value it cannot use", () => {
    expect(securityFromEnv({})).toEqual({ allowedHosts: [] });
    expect(
      securityFromEnv({
        LATCHKEY_ALLOWED_HOSTS: "lock.lan,10.0.0.5:8080",
        LATCHKEY_TOKEN: "a-token-of-enough-length",
      }),
    ).toEqual({ allowedHosts: ["lock.lan", "10.0.0.5:8080"], token: "a-token-of-enough-length" });
    expect(securityFromEnv({ LATCHKEY_ALLOWED_HOSTS: "https://lock.lan" })).toHaveProperty("error");
    expect(securityFromEnv({ LATCHKEY_TOKEN: "short" })).toHaveProperty("error");
  });
});
