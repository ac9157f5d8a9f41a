/**
 * Cursor paging for the hub API's lists (`GET /access_codes`, `/people`, `/sites`, `/locks`,
 * `/invites`, and beside `before_id` on `/events` and `/alerts`): `limit` bounds a page,
 * `page_cursor` asks for the page after the one that gave it, and every list answers
 * `pagination: { has_next_page, next_page_cursor, next_page_url }` (Seam's names, so a Seam
 * client's paging loop works here). `next_page_url` is relative (path and query of the request
 * with `page_cursor` replaced): no Host header a caller or a proxy sent is echoed back. A cursor is the list's sort key of the last item given (keyset paging, never an
 * offset): an item deleted or added meanwhile neither shifts nor repeats the rest. It is opaque
 * to a caller; one this API did not give is `request.invalid` (400), never an empty page.
 */
import { z } from "zod";

/** Longest cursor accepted: the key of a 64-character id and a time, with room to spare. */
const MAX_CURSOR_LENGTH = 300;

/** A sort key: the values a list is ordered by, last item's, e.g. `[createdAtMs, id]`. */
export type PageKey = readonly (string | number)[];

export const pageCursorField = z
  .string()
  .min(1)
  .max(MAX_CURSOR_LENGTH)
  .describe("pagination.next_page_cursor of the page before; leave out for the first page");

export const paginationJsonSchema = z.object({
  has_next_page: z.boolean(),
  next_page_cursor: z.string().nullable().describe("pass as page_cursor for the next page; null on the last"),
  next_page_url: z
    .string()
    .nullable()
    .describe(
      "the next page as a relative URL (this request's path and query, page_cursor replaced); null on the last",
    ),
});
export type PaginationJson = z.infer<typeof paginationJsonSchema>;

/** A refusal of the caller's paging input (the route turns it into 400 `request.invalid`). */
export class BadCursor extends Error {}

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/**
 * The key a cursor holds, checked against the shape the list sorts by (`"n"` a whole number,
 * `"s"` a string of at most 64 characters); BadCursor when it is not one this API gave.
 */
export function decodeCursor(cursor: string, shape: readonly ("n" | "s")[]): PageKey {
  const bad = (): never => {
    throw new BadCursor(
      "query.page_cursor: not a cursor this list gave (pass pagination.next_page_cursor back as it is)",
    );
  };
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) bad();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return bad();
  }
  if (!Array.isArray(key) || key.length !== shape.length) return bad();
  const fits = key.every((v: unknown, i) =>
    shape[i] === "n"
      ? typeof v === "number" && Number.isSafeInteger(v)
      : typeof v === "string" && v.length >= 1 && v.length <= 64 && !v.includes("\u0000"),
  );
  if (!fits) bad();
  return key as PageKey;
}

/** Code-unit order of two keys (the same on SQLite and PostgreSQL, whatever the collation). */
export function compareKeys(a: PageKey, b: PageKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * One page of a list already fetched whole (people, sites, locks: as many as a hub holds),
 * sorted by its key here, so the order and the cursor agree on either database.
 */
export function pageOf<T>(
  items: readonly T[],
  keyOf: (item: T) => PageKey,
  limit: number | undefined,
  after: PageKey | undefined,
  requestUrl: string,
): { items: T[]; pagination: PaginationJson } {
  const sorted = items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .filter((x) => after === undefined || compareKeys(x.key, after) > 0);
  const page = limit === undefined ? sorted : sorted.slice(0, limit);
  return {
    items: page.map((x) => x.item),
    pagination: paginationAfter(page.length < sorted.length, page.at(-1)?.key, requestUrl),
  };
}

/**
 * `pagination` for a page: the next cursor is the last item's key when more follow, and the
 * next page's URL is `requestUrl` (the request's own path and query, as Fastify's `req.url`
 * holds them) with that cursor as `page_cursor`.
 */
export function paginationAfter(
  more: boolean,
  lastKey: PageKey | undefined,
  requestUrl: string,
): PaginationJson {
  const next = more && lastKey !== undefined ? encodeCursor(lastKey) : null;
  return {
    has_next_page: next !== null,
    next_page_cursor: next,
    next_page_url: next === null ? null : nextPageUrl(requestUrl, next),
  };
}

/** Query names a next page's URL drops: the old cursor, and `before_id` (it may not join one). */
const REPLACED_PARAMS: ReadonlySet<string> = new Set(["page_cursor", "before_id"]);

/**
 * The request's path and query with `page_cursor` set to `cursor`: every other parameter kept
 * as the caller wrote it (same filters, same limit), in its order. Relative on purpose: an
 * absolute URL would need the Host header, which a caller or a proxy chooses. Leading slashes
 * are made one, so the answer is never a protocol-relative URL (`//host/...`) to another host.
 */
export function nextPageUrl(requestUrl: string, cursor: string): string {
  const q = requestUrl.indexOf("?");
  const path = (q === -1 ? requestUrl : requestUrl.slice(0, q)).replace(/^\/+/, "/");
  const query = q === -1 ? "" : requestUrl.slice(q + 1);
  const kept = query.split("&").filter((part) => {
    if (part.length === 0) return false;
    const name = part.split("=", 1)[0] ?? "";
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, " "));
    } catch {
      // A name that does not decode is not one of ours: kept as it came.
    }
    return !REPLACED_PARAMS.has(decoded);
  });
  kept.push(`page_cursor=${encodeURIComponent(cursor)}`);
  return `${path}?${kept.join("&")}`;
}
