/** What `npm start` prints: an address a browser can open, and the token when one is needed. */
import { describe, expect, it } from "vitest";
import { startLines } from "../serve-command.ts";

describe("the start message", () => {
  it("on loopback: the address alone", () => {
    expect(startLines("localhost", "http://localhost:8080", null, [])).toEqual([
      "Latchkey: the lock is at http://localhost:8080  (Ctrl-C stops it; PORT=… picks another port)",
    ]);
  });

  it("on every interface: an address that opens (not 0.0.0.0) with the token, and the allowed hosts", () => {
    const lines = startLines("0.0.0.0", "http://0.0.0.0:8080", "tok-0123456789abcdef", [
      "localhost:8080",
      "192.168.1.20:8080",
    ]);
    expect(lines[0]).toContain("http://localhost:8080/?token=tok-0123456789abcdef");
    expect(lines[1]).toContain("Authorization: Bearer tok-0123456789abcdef");
    expect(lines[1]).toContain("192.168.1.20:8080");
  });

  it("on a LAN address: that address with the token", () => {
    expect(startLines("192.168.1.20", "http://192.168.1.20:8080", "t", [])[0]).toContain(
      "http://192.168.1.20:8080/?token=t",
    );
  });
});
