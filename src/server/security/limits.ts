/**
 * Every size, count and rate the server's edge bounds, in one place (GUIDE: "bound every
 * size, count and duration"). docs/security.md lists them; tests import them rather than
 * repeating the numbers.
 */

/** The largest request body: a create-lock body with every slot filled is a few KB. */
export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The longest path parameter (a lock id) the router takes, the same as the schemas' limit
 * (`lockParamsSchema`): a longer one is a 400 `request.invalid` before any route runs.
 */
export const MAX_PARAM_LENGTH = 100;

/**
 * Locks one server makes through its API (`POST /api/locks`, `/api/locks/import`): each runs
 * in real time and is kept in the data folder, and a live page's sync sends them all (about
 * 2 KB each, so 1,000 stay well under WS_MAX_BUFFERED_BYTES). One more is 409 `lock.too-many`.
 * Fleets belong in `latchkey locks` processes over MQTT, which this does not count.
 */
export const MAX_LOCKS = 1_000;

/** The largest WebSocket frame a page may send: `{"type":"sync"}` is 15 bytes. */
export const WS_MAX_PAYLOAD_BYTES = 4 * 1024;

/**
 * How much the server lets pile up, unsent, for one WebSocket client. A client that does
 * not read falls behind by this much and is dropped (close 1008), instead of the server
 * buffering every snapshot for it without bound. Several whole syncs of today's lock list.
 */
export const WS_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** Messages a client may send in a burst, and how fast that allowance comes back. */
export const WS_MESSAGE_BURST = 5;
export const WS_MESSAGE_REFILL_MS = 500;

/** Live pages open at once; one more is closed at once (1013, try again later). */
export const WS_MAX_CLIENTS = 64;

/**
 * A live client must answer a ping within this long (browsers and `ws` answer by themselves):
 * one that does not — gone without closing, or never reading — is dropped, so it does not
 * hold a client slot and its buffers forever.
 */
export const WS_HEARTBEAT_MS = 30_000;

/** The longest an HTTP request may take to arrive in full (slow senders hold a connection). */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * TCP connections the server holds at once (Node's `server.maxConnections`): one more is
 * closed as it arrives. Each idle one is dropped after REQUEST_TIMEOUT_MS anyway, but without
 * a count a client could hold thousands and use up the process's file descriptors, which the
 * locks' database, the broker and Matter need too. A browser opens six; 64 live pages fit.
 */
export const MAX_CONNECTIONS = 1_024;
