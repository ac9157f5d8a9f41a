/**
 * The one error handler's last resort: a thrown error that is no refusal is a bug, answered as
 * `server.bug` without the error's own words (they can name files and internals), which go to the
 * log with the request id the answer carries.
 */
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { handleError } from "./error-handler.ts";

describe("server.bug", () => {
  it("answers 500 server.bug naming the request, not the error's message, and logs the error", async () => {
    const logged: unknown[] = [];
    const app = Fastify({
      logger: {
        level: "error",
        stream: { write: (line: string) => void logged.push(JSON.parse(line)) },
      },
    });
    app.setErrorHandler(handleError);
    app.get("/boom", async () => {
      throw new Error("ENOENT: no such file '/srv/latchkey-data/secret.key'");
    });
    const r = await app.inject({ method: "GET", url: "/boom" });
    expect(r.statusCode).toBe(500);
    const body = r.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe("server.bug");
    expect(body.error.message).not.toContain("secret.key");
    expect(body.error.message).toMatch(
      /^the server failed \(request req-\d+\); the details are in the server's log$/,
    );
    expect(JSON.stringify(logged)).toContain("secret.key");
    await app.close();
  });
});
