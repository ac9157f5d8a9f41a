/** The live socket's rate limit on a virtual clock (the real-socket tests are in edge-security.test.ts). */
import { describe, expect, it } from "vitest";
import { RateLimiter } from "./websocket-guard.ts";

describe("the message rate limit", () => {
  it("takes a burst, then one message per refill interval; the allowance never exceeds the burst", () => {
    let now = 0;
    const limiter = new RateLimiter(5, 500, () => now);
    const taken = () => Array.from({ length: 20 }, () => limiter.take()).filter(Boolean).length;
    expect(taken()).toBe(5);
    now += 499;
    expect(limiter.take()).toBe(false);
    now += 1;
    expect(limiter.take()).toBe(true);
    expect(limiter.take()).toBe(false);
    now += 60_000;
    expect(taken()).toBe(5);
  });

  it("does not count a clock that goes back as time earned", () => {
    let now = 10_000;
    const limiter = new RateLimiter(1, 500, () => now);
    expect(limiter.take()).toBe(true);
    now = 0;
    expect(limiter.take()).toBe(false);
  });
});
