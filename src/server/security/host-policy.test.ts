/**
 * The Host and Origin rules on their own (the HTTP and WebSocket tests in
 * edge-security.test.ts go through a real socket): loopback names at the server's port,
 * the bound address, LATCHKEY_ALLOWED_HOSTS, and what counts as foreign.
 */
import { describe, expect, it } from "vitest";
import { HostPolicy, isLoopback, parseAllowedHosts, parseHostHeader } from "./host-policy.ts";

describe("Host header rules", () => {
  it("before listening (in-process requests) any port of a loopback name is ours, no other name", () => {
    const p = new HostPolicy();
    expect(p.checkHost("localhost:80").ok).toBe(true);
    expect(p.checkHost("127.0.0.1:1234").ok).toBe(true);
    expect(p.checkHost("evil.example").ok).toBe(false);
  });

  it("listening on loopback: only loopback names at the server's port", () => {
    const p = new HostPolicy();
    p.bind("localhost", 8080);
    for (const h of ["localhost:8080", "127.0.0.1:8080", "[::1]:8080", "LocalHost:8080"])
      expect(p.checkHost(h).ok, h).toBe(true);
    for (const h of [
      "localhost:8081",
      "localhost",
      "127.0.0.2:8080",
      "evil.example:8080",
      "localhost.:8080",
      "x@localhost:8080",
      "",
    ])
      expect(p.checkHost(h).ok, h).toBe(false);
    expect(p.checkHost(undefined).ok).toBe(true);
  });

  it("listening on a LAN address: that address at the port too", () => {
    const p = new HostPolicy();
    p.bind("192.168.1.20", 8080);
    expect(p.checkHost("192.168.1.20:8080").ok).toBe(true);
    expect(p.checkHost("192.168.1.20:9090").ok).toBe(false);
    expect(p.checkHost("192.168.1.21:8080").ok).toBe(false);
  });

  it("listening on every interface: this machine's own addresses at the port", () => {
    const p = new HostPolicy();
    p.bind("0.0.0.0", 8080);
    expect(p.describe().length).toBeGreaterThan(3);
    expect(p.checkHost("127.0.0.1:8080").ok).toBe(true);
    expect(p.checkHost("evil.example:8080").ok).toBe(false);
  });

  it("says what it allows when it refuses", () => {
    const p = new HostPolicy(["lock.example.lan"]);
    p.bind("127.0.0.1", 8080);
    const r = p.checkHost("evil.example");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain("localhost:8080");
    expect(!r.ok && r.reason).toContain("lock.example.lan");
    expect(!r.ok && r.reason).toContain("LATCHKEY_ALLOWED_HOSTS");
  });
});

describe("Origin header rules", () => {
  const p = new HostPolicy(["lock.example.lan"]);
  p.bind("127.0.0.1", 8080);

  it("no Origin is fine; this server's own origins are", () => {
    expect(p.checkOrigin(undefined).ok).toBe(true);
    for (const o of [
      "http://localhost:8080",
      "http://127.0.0.1:8080",
      "http://[::1]:8080",
      "https://lock.example.lan",
      "https://lock.example.lan:443",
      "HTTP://LOCALHOST:8080",
    ])
      expect(p.checkOrigin(o).ok, o).toBe(true);
  });

  it("anything else present is foreign: another site, another port, null, other schemes, odd forms", () => {
    for (const o of [
      "http://evil.example",
      "http://localhost:3000",
      "http://localhost",
      "null",
      "file://",
      "chrome-extension://abc",
      "http://localhost:8080/path",
      "http://localhost:8080/",
      "http://localhost:8080?x=1",
      "http://localhost:8080#top",
      "http://user@localhost:8080",
      "not a url",
    ])
      expect(p.checkOrigin(o).ok, o).toBe(false);
  });
});

describe("LATCHKEY_ALLOWED_HOSTS and names", () => {
  it("parses comma-separated names and name:port, and refuses what is not one", () => {
    expect(parseAllowedHosts(undefined)).toEqual([]);
    expect(parseAllowedHosts(" lock.lan , 10.0.0.5:8080,")).toEqual(["lock.lan", "10.0.0.5:8080"]);
    expect(parseAllowedHosts("http://lock.lan")).toHaveProperty("error");
    expect(parseAllowedHosts("*.lan")).toHaveProperty("error");
    expect(parseAllowedHosts("lock.lan:99999")).toHaveProperty("error");
  });

  it("knows loopback names and addresses", () => {
    for (const h of ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]"])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "192.168.1.2", "localhost.evil.example"])
      expect(isLoopback(h), h).toBe(false);
    expect(parseHostHeader("[::1]:8080")).toEqual({ name: "[::1]", port: 8080 });
    expect(parseHostHeader("a/b")).toBeNull();
  });
});
