/**
 * The link's messages on the wire and their schemas. Both ends treat what arrives as
 * hostile: a message is size-checked before it is parsed, then checked against its schema;
 * what fails is dropped (or refused, when there is someone to answer: a command message whose
 * envelope names a hub, `commandProblem`) and changes nothing.
 */
import { z } from "zod";
import type { RadioCommand, RadioCommandType } from "../../core/radio-types.ts";
import { MAX_UPDATE_CHUNK_BYTES } from "../../core/radio-types.ts";
import { MAX_LOG_PAGE } from "../../core/event-log.ts";
import { LINK_LOCK_ID_PATTERN, PEER_ID_PATTERN } from "./link-topics.ts";

/** Commands and results are small; a view is ~1 KB; nothing of ours comes near this. */
export const MAX_LINK_MESSAGE_BYTES = 16 * 1024;
export const LINK_PROTOCOL_VERSION = 1;

const requestId = z.string().regex(/^[A-Za-z0-9_.:-]{1,120}$/);
const peerId = z.string().regex(PEER_ID_PATTERN);
const lockId = z.string().regex(LINK_LOCK_ID_PATTERN);
const ms = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const digits = z.string().regex(/^\d{1,16}$/);
const slot = z.number().int().min(1).max(999);
const weekly = z.strictObject({
  dayMask: z.number().int().min(1).max(127),
  fromMinute: z.number().int().min(0).max(1440),
  untilMinute: z.number().int().min(0).max(1440),
});

/** The radio vocabulary (core's RadioCommand) as it may arrive over the broker. */
export const radioCommandSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("lock"), code: digits.optional() }),
  z.strictObject({ type: z.literal("unlock"), code: digits.optional() }),
  z.strictObject({
    type: z.literal("setCode"),
    slot,
    code: digits,
    validFromMs: ms.optional(),
    validUntilMs: ms.optional(),
    weekly: weekly.optional(),
    uses: z.number().int().min(1).max(255).optional(),
  }),
  z.strictObject({ type: z.literal("deleteCode"), slot }),
  z.strictObject({
    type: z.literal("setSchedule"),
    slot,
    validFromMs: ms.nullable().optional(),
    validUntilMs: ms.nullable().optional(),
    weekly: weekly.nullable().optional(),
    enabled: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("readSlot"), slot }),
  z.strictObject({ type: z.literal("readChecksum") }),
  z.strictObject({
    type: z.literal("readLog"),
    afterSeq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.number().int().min(0).max(MAX_LOG_PAGE).optional(),
  }),
  z.strictObject({
    type: z.literal("mode"),
    mode: z.enum(["normal", "vacation", "privacy", "passage"]),
    code: digits.optional(),
  }),
  z.strictObject({
    type: z.literal("settings"),
    settings: z
      .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}$/), z.union([z.number(), z.boolean()]))
      .refine((s) => Object.keys(s).length <= 32, "at most 32 settings"),
  }),
  z.strictObject({ type: z.literal("pair") }),
  z.strictObject({ type: z.literal("unpair") }),
  z.strictObject({ type: z.literal("status") }),
  // Firmware over the air (issue 14): a chunk is at most MAX_UPDATE_CHUNK_BYTES, as base64.
  z.strictObject({
    type: z.literal("updateBegin"),
    size: z
      .number()
      .int()
      .min(1)
      .max(16 * 1024 * 1024),
  }),
  z.strictObject({
    type: z.literal("updateChunk"),
    offset: z
      .number()
      .int()
      .min(0)
      .max(16 * 1024 * 1024),
    data: z.string().max(Math.ceil(MAX_UPDATE_CHUNK_BYTES / 3) * 4),
  }),
  z.strictObject({ type: z.literal("updateFinish"), allowDowngrade: z.boolean().optional() }),
  z.strictObject({ type: z.literal("firmwareStatus") }),
]);

export const commandMessageSchema = z.strictObject({
  v: z.literal(LINK_PROTOCOL_VERSION),
  requestId,
  replyTo: peerId,
  command: radioCommandSchema,
  timeoutMs: z.number().int().min(1).max(120_000).optional(),
});
export type CommandMessage = z.infer<typeof commandMessageSchema>;

const linkResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), data: z.unknown().optional() }),
  z.strictObject({ ok: z.literal(false), code: z.string().max(80), reason: z.string().max(1000) }),
]);

export const resultMessageSchema = z.strictObject({
  v: z.literal(LINK_PROTOCOL_VERSION),
  requestId,
  lockId,
  result: linkResultSchema,
});
export type ResultMessage = z.infer<typeof resultMessageSchema>;

/** A view as the node published it: checked for shape where the hub relies on it. */
export const viewMessageSchema = z.strictObject({
  v: z.literal(LINK_PROTOCOL_VERSION),
  node: peerId,
  view: z.looseObject({
    id: lockId,
    name: z.string().max(200),
    online: z.boolean(),
    paired: z.boolean(),
  }),
});

export const reportMessageSchema = z.strictObject({
  v: z.literal(LINK_PROTOCOL_VERSION),
  node: peerId,
  atMs: ms,
  /** The host's stamp (lock-link.ts): a gap in seq or a new run means reports were missed. */
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  run: z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/),
  report: z.looseObject({}),
});

/** Parses a message: bounded, JSON, schema; undefined when any of them fails. */
export function readMessage<T>(payload: Uint8Array, schema: z.ZodType<T>): T | undefined {
  const raw = boundedJson(payload);
  if (raw === NOT_JSON) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

const NOT_JSON: unique symbol = Symbol("not JSON");

/** The payload's JSON value, or NOT_JSON when it is empty, over the bound, not UTF-8 or not JSON. */
function boundedJson(payload: Uint8Array): unknown {
  if (payload.byteLength === 0 || payload.byteLength > MAX_LINK_MESSAGE_BYTES) return NOT_JSON;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    return NOT_JSON;
  }
}

/** A command message's envelope alone: who to answer, whatever the command says. */
const commandEnvelopeSchema = z.looseObject({
  v: z.literal(LINK_PROTOCOL_VERSION),
  requestId,
  replyTo: peerId,
});

/**
 * A command message whose envelope is sound (version, request id, a hub to answer) but whose
 * command or options are not: who to answer, and what is wrong, in a line. Undefined when the
 * message is not even that (oversized, not JSON, no one to answer): then it is only dropped.
 */
export function commandProblem(
  payload: Uint8Array,
): { readonly requestId: string; readonly replyTo: string; readonly reason: string } | undefined {
  const raw = boundedJson(payload);
  if (raw === NOT_JSON) return undefined;
  const envelope = commandEnvelopeSchema.safeParse(raw);
  if (!envelope.success) return undefined;
  const parsed = commandMessageSchema.safeParse(raw);
  if (parsed.success) return undefined;
  const reason = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "message"}: ${issue.message}`)
    .join("; ")
    .slice(0, 500);
  return { requestId: envelope.data.requestId, replyTo: envelope.data.replyTo, reason };
}

/**
 * The wire schema is core's vocabulary, no more and no less: the compiler checks that every
 * RadioCommand type is on the wire and that what the schema admits is a RadioCommand.
 */
type WireCommand = z.infer<typeof radioCommandSchema>;
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTypes: Exactly<WireCommand["type"], RadioCommandType> = true;
const admitted = (command: WireCommand): RadioCommand => command;
void sameTypes;
void admitted;
