/**
 * The persistent state as the bytes of one store record, and back: the compact binary layout
 * of persistent-binary.ts, which every state the core makes fits (a JSON record outgrew a
 * store slot at 24 scheduled codes, decision 0023). Records written as JSON text in ASCII —
 * by locks before that layout, or for a state it cannot hold exactly — are still read. Either
 * way the record holds keyed hashes, never codes (B-SEC-7). Anything that does not decode into
 * a well-formed state reads as "nothing stored".
 *
 * JSON records from before code hashes were kept as integers hold each hash as hex text
 * (`"full": "9f532e444861b911", "prefix": "566c01"`); they are read into the integers of
 * `StoredCode`, with the same bits. A JSON record written now holds the integers.
 */
import type { PersistentState, StoredCode } from "../state.ts";
import { NO_PREFIX, tagWord } from "../security/code-hash.ts";
import { isDeviceSecret } from "../security/device-secret.ts";
import { shapedPersistent } from "../persistent-shape.ts";
import { BINARY_RECORD_MARK, decodeBinary, encodeBinary } from "./persistent-binary.ts";

export function encodePersistent(state: PersistentState): Uint8Array {
  return encodeBinary(state) ?? encodeJson(state);
}

/** The record as JSON text: the layout before the binary one, kept for states it cannot hold. */
export function encodeJson(state: PersistentState): Uint8Array {
  const text = JSON.stringify(state);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e) throw new Error("persistent state must be ASCII"); // a bug, not a person's mistake
    bytes[i] = c;
  }
  return bytes;
}

export function decodePersistent(bytes: Uint8Array, capacity: number): PersistentState | null {
  if (bytes[0] === BINARY_RECORD_MARK) return decodeBinary(bytes, capacity);
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isPersistentState(raw, capacity)) return null;
  // In the shape of the states the core makes, not JSON.parse's own (persistent-shape.ts).
  return shapedPersistent({
    ...raw,
    codes: raw.codes.map((c) => c && storedCodeOf(c)),
    programmingCode: raw.programmingCode && storedCodeOf(raw.programmingCode),
  });
}

const MODES = ["normal", "vacation", "privacy", "passage"];

/** A full hash as hex text in a JSON record from before hashes were integers: 8 bytes. */
const LEGACY_FULL = /^[0-9a-f]{16}$/;
/** A prefix hash the same way: 3 bytes, or 4 from before it was cut to 24 bits (the first 3 are kept); "" for none. */
const LEGACY_PREFIX = /^(?:|[0-9a-f]{6}|[0-9a-f]{8})$/;

const isInt32 = (v: unknown): boolean => typeof v === "number" && (v | 0) === v;

/** A JSON code whose hashes are hex text (records written before they were integers). */
interface LegacyCode {
  readonly full: string;
  readonly prefix: string;
}

function isLegacyCode(c: Record<string, unknown>): c is Record<string, unknown> & LegacyCode {
  const { full, prefix } = c;
  return (
    typeof full === "string" &&
    LEGACY_FULL.test(full) &&
    typeof prefix === "string" &&
    LEGACY_PREFIX.test(prefix)
  );
}

function isStoredCode(v: unknown): v is StoredCode | LegacyCode {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  const uses = c["usesLeft"];
  const prefix = c["prefix"];
  const hashes =
    isLegacyCode(c) ||
    (isInt32(c["fullHi"]) &&
      isInt32(c["fullLo"]) &&
      (prefix === NO_PREFIX ||
        (typeof prefix === "number" && Number.isInteger(prefix) && prefix >= 0 && prefix <= 0xff_ffff)));
  return (
    hashes &&
    (uses === undefined || (typeof uses === "number" && Number.isInteger(uses) && uses >= 0)) &&
    (c["disabled"] === undefined || c["disabled"] === true)
  );
}

/** A well-formed JSON code as the core keeps it: hex hashes read into integers, other fields as they were. */
function storedCodeOf(c: StoredCode | LegacyCode): StoredCode {
  if (!isLegacyCode(c as unknown as Record<string, unknown>)) return c as StoredCode;
  const { full, prefix, ...rest } = c as LegacyCode;
  return {
    fullHi: tagWord(full, 0, 8),
    fullLo: tagWord(full, 8, 8),
    prefix: prefix === "" ? NO_PREFIX : tagWord(prefix, 0, 6),
    ...rest,
  };
}

function isPersistentState(v: unknown, capacity: number): v is PersistentState {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  // A record without a well-formed secret cannot check a single code: it reads as nothing.
  if (!isDeviceSecret(s["secret"])) return false;
  const codes = s["codes"];
  if (!Array.isArray(codes) || codes.length !== capacity) return false;
  if (!codes.every((c) => c === null || isStoredCode(c))) return false;
  if (!(s["programmingCode"] === null || isStoredCode(s["programmingCode"]))) return false;
  if (!(s["handing"] === null || s["handing"] === "cw" || s["handing"] === "ccw")) return false;
  if (typeof s["settings"] !== "object" || s["settings"] === null) return false;
  if (typeof s["mode"] !== "string" || !MODES.includes(s["mode"])) return false;
  if (s["brownOuts"] === undefined) (s as { brownOuts: number }).brownOuts = 0; // records from before telemetry
  return (
    typeof s["paired"] === "boolean" &&
    typeof s["lockoutLevel"] === "number" &&
    typeof s["brownOuts"] === "number"
  );
}
