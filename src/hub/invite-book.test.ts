/**
 * The invite book (invite-book.ts) on SQLite and PostgreSQL: a link survives a restart (a new
 * book on the reopened database takes it), works once, expires after a week, and the book
 * keeps at most MAX_OPEN_INVITES open links.
 */
import { afterEach, describe, expect, it } from "vitest";
import { INVITE_TTL_MS, InviteBook, MAX_OPEN_INVITES } from "./invite-book.ts";
import { backends } from "./storage/test-backends.test-fake.ts";

for (const backend of backends("invite book")) {
  describe(`invite book, ${backend.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it("a link made before a restart works after it, once; a refused use puts it back", async () => {
      const o = await backend.open();
      cleanups.push(o.cleanup);
      let now = 1_000_000;
      const { token } = await new InviteBook(o.repo.db, () => now).make("gus", "admin");
      await o.repo.close();
      const again = await o.reopen();
      cleanups.push(() => again.close().catch(() => {}));
      const book = new InviteBook(again.db, () => now);
      const taken = await book.take(token);
      expect(taken?.invite).toEqual({
        personId: "gus",
        invitedBy: "admin",
        expiresAtMs: 1_000_000 + INVITE_TTL_MS,
      });
      expect(await book.take(token)).toBeUndefined(); // taken: a second use at once finds nothing
      await taken!.undo();
      expect((await book.take(token))?.invite.personId).toBe("gus");
      expect(await book.take("not a token")).toBeUndefined();
      now += 1;
    });

    it("a newer link voids the older; a link expires after a week; at most MAX_OPEN_INVITES are kept", async () => {
      const o = await backend.open();
      cleanups.push(o.cleanup);
      let now = 1_000_000;
      const book = new InviteBook(o.repo.db, () => now);
      const first = await book.make("gus", "admin");
      const second = await book.make("gus", "admin");
      expect(await book.take(first.token)).toBeUndefined();
      expect(await book.size()).toBe(1);
      now += INVITE_TTL_MS;
      expect(await book.take(second.token)).toBeUndefined();
      for (let i = 0; i < MAX_OPEN_INVITES + 10; i++) await book.make(`p${i}`, "admin");
      expect(await book.size()).toBe(MAX_OPEN_INVITES);
    });
  });
}
