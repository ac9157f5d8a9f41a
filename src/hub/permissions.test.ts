import { describe, expect, it } from "vitest";
import { authorize } from "./permissions.ts";

const owner = { id: "o", role: "owner" as const, siteIds: [] };
const manager = { id: "m", role: "manager" as const, siteIds: ["home"] };
const guest = { id: "g", role: "guest" as const, siteIds: [] };

describe("roles", () => {
  it("an owner may do everything", () => {
    for (const a of ["person.write", "site.write", "code.write", "history.read"] as const)
      expect(authorize(owner, a, { siteId: "x" }).ok).toBe(true);
  });

  it("a manager manages codes and history of their sites, never people or ownership", () => {
    expect(authorize(manager, "code.write", { siteId: "home" }).ok).toBe(true);
    expect(authorize(manager, "history.read", { siteId: "home" }).ok).toBe(true);
    expect(authorize(manager, "code.write", { siteId: "cabin" })).toMatchObject({
      ok: false,
      code: "auth.forbidden",
    });
    expect(authorize(manager, "person.write").ok).toBe(false);
    expect(authorize(manager, "site.write").ok).toBe(false);
  });

  it("firmware builds and fleet rollouts are the owner's alone (issue 14)", () => {
    expect(authorize(owner, "firmware.write").ok).toBe(true);
    expect(authorize(manager, "firmware.write", { siteId: "home" })).toMatchObject({
      ok: false,
      code: "auth.forbidden",
    });
    expect(authorize(guest, "firmware.write").ok).toBe(false);
    // One lock's update is lock.write: a manager may update a lock of their site.
    expect(authorize(manager, "lock.write", { siteId: "home" }).ok).toBe(true);
  });

  it("a guest reads their own code and its schedule, nothing else", () => {
    expect(authorize(guest, "code.read", { siteId: "home", personId: "g" }).ok).toBe(true);
    expect(authorize(guest, "code.read", { siteId: "home", personId: "someone" }).ok).toBe(false);
    expect(authorize(guest, "code.write", { siteId: "home", personId: "g" }).ok).toBe(false);
    expect(authorize(guest, "history.read").ok).toBe(false);
    expect(authorize(guest, "lock.read").ok).toBe(false);
  });
});
