/**
 * The persistent state as the bytes of one store record, and back: the compact binary layout
 * of persistent-binary.ts, which every state the core makes fits (a JSON record outgrew a
 * store slot at 24 scheduled codes, decision 0023). Records written as JSON text in ASCII —
 * by locks before that layout, or for a state it cannot hold exactly — are still read. Either
 * way the record holds keyed hashes, never codes (B-SEC-7). Anything that does not decode into
 * a well-formed state reads as "nothing stored".
 */
import type { PersistentState, StoredCode } from "../state.ts";
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
  // In the shape of the states the core makes, not JSON.parse's own (persistent-shape.ts).
  return isPersistentState(raw, capacity) ? shapedPersistent(raw) : null;
}

const MODES = ["normal", "vacation", "privacy", "passage"];

function isStoredCode(v: unknown): v is StoredCode {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  const uses = c["usesLeft"];
  return (
    typeof c["full"] === "string" &&
    typeof c["prefix"] === "string" &&
    (uses === undefined || (typeof uses === "number" && Number.isInteger(uses) && uses >= 0)) &&
    (c["disabled"] === undefined || c["disabled"] === true)
  );
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
