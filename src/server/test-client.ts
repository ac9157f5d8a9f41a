/**
 * A small client for in-process server tests: requests through Fastify's `inject`, the
 * lock's snapshot, and its state without the revision number (which every change bumps).
 */
import type { LockSnapshot } from "./api-schemas.ts";
import type { LockServer } from "./create-server.ts";

export interface TestClient {
  call(
    method: "GET" | "POST" | "DELETE",
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  snapshot(id?: string): Promise<LockSnapshot>;
}

export function testClient(server: () => LockServer): TestClient {
  const call: TestClient["call"] = async (method, url, payload) => {
    const res = await server().app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: res.body ? (res.json() as Record<string, unknown>) : {} };
  };
  return {
    call,
    snapshot: async (id = "lock-1") =>
      (await call("GET", `/api/locks/${id}`)).body as unknown as LockSnapshot,
  };
}

/** The lock's state without the snapshot's revision. */
export function stateOf(s: LockSnapshot): Omit<LockSnapshot, "rev"> {
  const { rev: _rev, ...rest } = s;
  return rest;
}
