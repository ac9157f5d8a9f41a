/**
 * A lock command as it arrives from Home Assistant (or anyone else on the broker) on a
 * lock's command topic. Every payload is hostile: it is size-checked before it is read,
 * parsed, checked against the schema, and refused with a stable code before anything is
 * sent to the lock. Accepted: the rendered command template `{"action":"UNLOCK","code":"1234"}`
 * (Home Assistant renders a missing code as `None`), or the bare payloads `LOCK` / `UNLOCK`.
 * The Mode select's command (parseModeCommand) is held to the same rules.
 */
import { z } from "zod";
import type { LockMode } from "../../core/radio-types.ts";
import { LOCK_MODES } from "../../core/radio-types.ts";

export const MAX_COMMAND_BYTES = 512;
/** Longer than any profile's codes (B-CODE-2: at most 10), short enough to bound work. */
const MAX_CODE_DIGITS = 16;

export type LockAction = "lock" | "unlock";

export interface LockCommand {
  readonly action: LockAction;
  readonly code?: string;
  /** Echoed in the answer so a client can correlate (not sent by Home Assistant). */
  readonly requestId?: string;
}

export type CommandRefusal = { readonly ok: false; readonly code: string; readonly reason: string };
/**
 * A refusal of a command that was read: it names the action asked for and echoes the request id,
 * as every other answer does, so a client waiting for its request id hears this one too.
 */
export type ReadCommandRefusal = CommandRefusal & { readonly about: Readonly<Record<string, string>> };
export type ParsedCommand =
  { readonly ok: true; readonly command: LockCommand } | CommandRefusal | ReadCommandRefusal;

const commandSchema = z.strictObject({
  action: z.enum(["LOCK", "UNLOCK", "OPEN"]),
  code: z.string().max(64).optional(),
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});

const refuse = (code: string, reason: string): CommandRefusal => ({ ok: false, code, reason });

/** A payload's text: refused unread when longer than `maxBytes`, refused when not strict UTF-8. */
function payloadText(
  payload: Uint8Array,
  maxBytes: number,
  what: string,
): { readonly ok: true; readonly text: string } | CommandRefusal {
  if (payload.byteLength > maxBytes)
    return refuse("payload.too-large", `${what} is at most ${maxBytes} bytes`);
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(payload) };
  } catch {
    return refuse("payload.malformed", "the payload is not UTF-8 text");
  }
}

/**
 * Whether a JSON text (already parsed) names a key twice in one object. JSON leaves such an
 * object to the reader (RFC 8259 §4): JSON.parse keeps the last, another reader the first, so
 * `{"action":"LOCK","action":"UNLOCK",…}` would unlock here and read as a lock elsewhere (a log,
 * a filter). Keys are compared decoded (`"act\u0069on"` is `action`).
 */
function namesAKeyTwice(text: string): boolean {
  const objects: Set<string>[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") objects.push(new Set());
    else if (c === "}") objects.pop();
    else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      let next = end + 1;
      while (text[next] === " " || text[next] === "\t" || text[next] === "\n" || text[next] === "\r") next++;
      const keys = objects.at(-1);
      if (text[next] === ":" && keys !== undefined) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return true;
        keys.add(key);
      }
      i = end;
    }
  }
  return false;
}

/** Home Assistant renders a code that was not given as Python's None; empty means none too. */
function normaliseCode(code: string | undefined): string | undefined {
  return code === undefined || code === "" || code === "None" ? undefined : code;
}

export function parseLockCommand(
  payload: Uint8Array,
  options: { requireCodeToUnlock: boolean },
): ParsedCommand {
  const read = payloadText(payload, MAX_COMMAND_BYTES, "a command");
  if (!read.ok) return read;
  const text = read.text.trim();
  let raw: unknown;
  if (text === "LOCK" || text === "UNLOCK" || text === "OPEN") {
    raw = { action: text };
  } else {
    try {
      raw = JSON.parse(text);
    } catch {
      return refuse("payload.malformed", 'expected LOCK, UNLOCK or a JSON object {"action", "code"}');
    }
    if (namesAKeyTwice(text)) return refuse("payload.invalid", "payload: a key appears twice");
  }
  const parsed = commandSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "payload";
    return refuse("payload.invalid", `${where}: ${issue?.message ?? "does not match the command schema"}`);
  }
  const { action, requestId } = parsed.data;
  const about = { action: action.toLowerCase(), ...(requestId === undefined ? {} : { requestId }) };
  const refuseRead = (code: string, reason: string): ReadCommandRefusal => ({
    ...refuse(code, reason),
    about,
  });
  if (action === "OPEN") {
    return refuseRead("command.unsupported", "a deadbolt cannot open the door; send LOCK or UNLOCK");
  }
  const code = normaliseCode(parsed.data.code);
  if (code !== undefined && !new RegExp(`^\\d{1,${MAX_CODE_DIGITS}}$`).test(code)) {
    return refuseRead("code.format", `a code is 1 to ${MAX_CODE_DIGITS} digits`);
  }
  if (action === "UNLOCK" && code === undefined && options.requireCodeToUnlock) {
    return refuseRead("code.required", "unlocking from Home Assistant needs a user code");
  }
  return {
    ok: true,
    command: {
      action: action === "LOCK" ? "lock" : "unlock",
      ...(code === undefined ? {} : { code }),
      ...(requestId === undefined ? {} : { requestId }),
    },
  };
}

/** Longer than any mode's name ("vacation" is 8 bytes), so a longer payload is never decoded. */
export const MAX_MODE_COMMAND_BYTES = 16;

export type ParsedModeCommand =
  { readonly ok: true; readonly mode: LockMode } | CommandRefusal | ReadCommandRefusal;

/**
 * The Mode select's payload (B-SEC-2): exactly one of the lock's mode names, as Home Assistant
 * publishes the option chosen — no spaces, no other case, nothing else. Passage mode unlocks
 * the door and holds it open, and the select cannot carry a code: where unlocking needs one,
 * passage is refused `code.required` as UNLOCK without a code is.
 */
export function parseModeCommand(
  payload: Uint8Array,
  options: { requireCodeToUnlock: boolean },
): ParsedModeCommand {
  const read = payloadText(payload, MAX_MODE_COMMAND_BYTES, "a mode");
  if (!read.ok) return read;
  const text = read.text;
  const mode = LOCK_MODES.find((m) => m === text);
  if (mode === undefined) {
    return refuse("payload.invalid", `the mode command topic takes only ${LOCK_MODES.join(", ")}`);
  }
  if (mode === "passage" && options.requireCodeToUnlock) {
    // A mode name was read: the refusal names it, as every answer of the Mode topic does.
    return {
      ...refuse(
        "code.required",
        "passage mode unlocks the door, and unlocking from Home Assistant needs a user code",
      ),
      about: { action: "mode", mode },
    };
  }
  return { ok: true, mode };
}
