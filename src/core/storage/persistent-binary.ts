/**
 * The persistent state as a compact binary record (B-PWR-8), the form the store keeps: JSON
 * text spent ~170 bytes on a scheduled code's names and digits, so a smartcode-914 with 24 of
 * its 30 slots holding guests' windowed codes (B-CODE-8) wrote a record larger than a store
 * slot (4,082 bytes of 8 KB) and the commit failed — the code was answered "ok", held in RAM,
 * and lost at the next power cut. Here every slot costs 1 byte empty and at most 43 bytes with
 * every option, so the largest profile's fullest state is ~1.4 KB (persistent-codec.test.ts
 * checks every profile's worst case against the slot).
 *
 * Still only keyed hashes, never digits (B-SEC-7). Layout, numbers little-endian:
 *
 *   0    u8   0xB1, this layout (a JSON record, read for stores written before it, starts "{")
 *   1    16   the lock's secret (device-secret.ts)
 *   17   u8   slots n, then n codes, then the programming code (each below; flags 0 = none)
 *        u8   handing: 0 none, 1 cw, 2 ccw
 *        u8   mode: its place in LOCK_MODES
 *        u8   paired: 0 or 1
 *        f64  lockoutLevel; f64 brownOuts
 *        u8   settings m, then m × (u8 name length, name in ASCII, u8 kind 0 false / 1 true /
 *             2 number, then f64 for a number)
 *   code: u8 flags (bit 0 present, 1 validFromMs, 2 validUntilMs, 3 weekly, 4 usesLeft,
 *         5 disabled); u8 length + bytes of the full hash (8: `fullHi` then `fullLo`, each
 *         big-endian, the bytes of the tag in order), the same for the prefix hash (3 bytes, or
 *         none when the state holds NO_PREFIX); then, as flagged: f64 validFromMs, f64
 *         validUntilMs, u8 dayMask + u16 fromMinute + u16 untilMinute, u32 usesLeft.
 *
 * The hashes were hex strings in the state when this layout was made; the bytes are the same
 * now that they are integers (storage/stored-code-compat.test.ts). A record from before the
 * prefix hash was cut to 24 bits holds 4 prefix bytes: the first 3 are read, the value today's
 * firmware works out for the same digits, so it is written back with 3.
 *
 * A state this layout cannot hold exactly — a field it does not know, a hash word that is not
 * a 32-bit integer, a value out of a field's range — gets `null` from `encodeBinary`, and the
 * caller writes JSON: a record never drops or bends what the state held.
 */
import type { LockMode } from "../radio-types.ts";
import { LOCK_MODES } from "../radio-types.ts";
import type { PersistentState, StoredCode } from "../state.ts";
import { NO_PREFIX } from "../security/code-hash.ts";
import {
  DEVICE_SECRET_BYTES,
  deviceSecretBytes,
  deviceSecretFromBytes,
  isDeviceSecret,
} from "../security/device-secret.ts";
import { hasPersistentFields, shapedPersistent } from "../persistent-shape.ts";

/** The first byte of a binary record: not ASCII, so never the start of a JSON one. */
export const BINARY_RECORD_MARK = 0xb1;

const PRESENT = 1;
const VALID_FROM = 2;
const VALID_UNTIL = 4;
const WEEKLY = 8;
const USES_LEFT = 16;
const DISABLED = 32;

const CODE_FIELDS = new Set([
  "fullHi",
  "fullLo",
  "prefix",
  "validFromMs",
  "validUntilMs",
  "weekly",
  "usesLeft",
  "disabled",
]);
const WEEKLY_FIELDS = ["dayMask", "fromMinute", "untilMinute"];
/** Bytes of a full hash and of a prefix hash in a record. */
const FULL_BYTES = 8;
const PREFIX_BYTES = 3;
const NAME = /^[\x20-\x7e]{1,255}$/;

/** Writes into a buffer that grows as needed. */
class Writer {
  bytes = new Uint8Array(256);
  view = new DataView(this.bytes.buffer);
  at = 0;

  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.at + n));
    bigger.set(this.bytes);
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }
  u8(v: number): void {
    this.room(1);
    this.bytes[this.at++] = v;
  }
  u16(v: number): void {
    this.room(2);
    this.view.setUint16(this.at, v, true);
    this.at += 2;
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.at, v, true);
    this.at += 4;
  }
  /** A hash word: big-endian, so its bytes are the tag's in order. */
  i32be(v: number): void {
    this.room(4);
    this.view.setInt32(this.at, v, false);
    this.at += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.at, v, true);
    this.at += 8;
  }
  raw(b: Uint8Array): void {
    this.room(b.length);
    this.bytes.set(b, this.at);
    this.at += b.length;
  }
  done(): Uint8Array {
    return this.bytes.slice(0, this.at);
  }
}

const isUint = (v: unknown, max: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;

/** The fields of `o`, in order, are exactly `fields` (JSON would keep any others: so must we). */
function fieldsAre(o: object, fields: readonly string[]): boolean {
  let i = 0;
  for (const key in o) if (key !== fields[i++]) return false;
  return i === fields.length;
}

const isInt32 = (v: unknown): v is number => typeof v === "number" && (v | 0) === v && !Object.is(v, -0);

function encodeCode(w: Writer, c: StoredCode | null): boolean {
  if (c === null) {
    w.u8(0);
    return true;
  }
  for (const key in c) if (!CODE_FIELDS.has(key)) return false;
  const { fullHi, fullLo, prefix, validFromMs, validUntilMs, weekly, usesLeft, disabled } = c;
  if (!isInt32(fullHi) || !isInt32(fullLo)) return false;
  if (prefix !== NO_PREFIX && !isUint(prefix, 0xff_ffff)) return false;
  if (validFromMs !== undefined && typeof validFromMs !== "number") return false;
  if (validUntilMs !== undefined && typeof validUntilMs !== "number") return false;
  if (
    weekly !== undefined &&
    (typeof weekly !== "object" ||
      weekly === null ||
      !fieldsAre(weekly, WEEKLY_FIELDS) ||
      !isUint(weekly.dayMask, 0xff) ||
      !isUint(weekly.fromMinute, 0xffff) ||
      !isUint(weekly.untilMinute, 0xffff))
  )
    return false;
  if (usesLeft !== undefined && !isUint(usesLeft, 0xffff_ffff)) return false;
  if (disabled !== undefined && disabled !== true) return false;
  w.u8(
    PRESENT |
      (validFromMs === undefined ? 0 : VALID_FROM) |
      (validUntilMs === undefined ? 0 : VALID_UNTIL) |
      (weekly === undefined ? 0 : WEEKLY) |
      (usesLeft === undefined ? 0 : USES_LEFT) |
      (disabled === true ? DISABLED : 0),
  );
  w.u8(FULL_BYTES);
  w.i32be(fullHi);
  w.i32be(fullLo);
  if (prefix === NO_PREFIX) w.u8(0);
  else {
    w.u8(PREFIX_BYTES);
    w.u8(prefix >> 16);
    w.u8((prefix >> 8) & 0xff);
    w.u8(prefix & 0xff);
  }
  if (validFromMs !== undefined) w.f64(validFromMs);
  if (validUntilMs !== undefined) w.f64(validUntilMs);
  if (weekly !== undefined) {
    w.u8(weekly.dayMask);
    w.u16(weekly.fromMinute);
    w.u16(weekly.untilMinute);
  }
  if (usesLeft !== undefined) w.u32(usesLeft);
  return true;
}

/** The binary record of `state`, or null when this layout cannot hold it exactly (write JSON then). */
export function encodeBinary(state: PersistentState): Uint8Array | null {
  if (!hasPersistentFields(state)) return null;
  const { secret, codes, programmingCode, handing, settings, mode, paired, lockoutLevel, brownOuts } = state;
  if (!isDeviceSecret(secret) || !Array.isArray(codes) || codes.length > 0xff) return null;
  const modeIndex = LOCK_MODES.indexOf(mode);
  if (modeIndex < 0 || typeof paired !== "boolean") return null;
  if (typeof lockoutLevel !== "number" || typeof brownOuts !== "number") return null;
  if (handing !== null && handing !== "cw" && handing !== "ccw") return null;
  if (typeof settings !== "object" || settings === null) return null;
  const names = Object.keys(settings);
  if (names.length > 0xff) return null;
  const w = new Writer();
  w.u8(BINARY_RECORD_MARK);
  const key = deviceSecretBytes(secret);
  w.raw(key);
  key.fill(0);
  w.u8(codes.length);
  for (const c of codes) if (!encodeCode(w, c)) return null;
  if (!encodeCode(w, programmingCode)) return null;
  w.u8(handing === null ? 0 : handing === "cw" ? 1 : 2);
  w.u8(modeIndex);
  w.u8(paired ? 1 : 0);
  w.f64(lockoutLevel);
  w.f64(brownOuts);
  w.u8(names.length);
  for (const name of names) {
    const value = settings[name];
    if (!NAME.test(name) || name === "__proto__") return null;
    w.u8(name.length);
    for (let i = 0; i < name.length; i++) w.u8(name.charCodeAt(i));
    if (typeof value === "boolean") w.u8(value ? 1 : 0);
    else if (typeof value === "number") {
      w.u8(2);
      w.f64(value);
    } else return null;
  }
  return w.done();
}

/** Reads a binary record; null for anything malformed or cut short (read as "nothing stored"). */
export function decodeBinary(bytes: Uint8Array, capacity: number): PersistentState | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number): boolean => at + n <= bytes.length;
  const u8 = (): number => (need(1) ? (bytes[at++] as number) : -1);
  const u16 = (): number => {
    if (!need(2)) return -1;
    at += 2;
    return view.getUint16(at - 2, true);
  };
  const f64 = (): number | null => {
    if (!need(8)) return null;
    at += 8;
    return view.getFloat64(at - 8, true);
  };
  /** The prefix hash: 3 bytes (4 in records from before it was cut to 24 bits: the first 3), none, or null. */
  const prefixHash = (): number | null => {
    const n = u8();
    if (n === 0) return NO_PREFIX;
    if (n < PREFIX_BYTES || !need(n)) return null;
    const value =
      ((bytes[at] as number) << 16) | ((bytes[at + 1] as number) << 8) | (bytes[at + 2] as number);
    at += n;
    return value;
  };
  const code = (): StoredCode | null | undefined => {
    const flags = u8();
    if (flags === 0) return null;
    if (flags < 0 || !(flags & PRESENT) || flags >= 64) return undefined;
    if (u8() !== FULL_BYTES || !need(FULL_BYTES)) return undefined;
    const fullHi = view.getInt32(at, false);
    const fullLo = view.getInt32(at + 4, false);
    at += FULL_BYTES;
    const prefix = prefixHash();
    if (prefix === null) return undefined;
    let validFromMs: number | null = null;
    let validUntilMs: number | null = null;
    let weekly: StoredCode["weekly"] | null = null;
    let usesLeft = -1;
    if (flags & VALID_FROM) {
      validFromMs = f64();
      if (validFromMs === null) return undefined;
    }
    if (flags & VALID_UNTIL) {
      validUntilMs = f64();
      if (validUntilMs === null) return undefined;
    }
    if (flags & WEEKLY) {
      const dayMask = u8();
      const fromMinute = u16();
      const untilMinute = u16();
      if (dayMask < 0 || fromMinute < 0 || untilMinute < 0) return undefined;
      weekly = { dayMask, fromMinute, untilMinute };
    }
    if (flags & USES_LEFT) {
      if (!need(4)) return undefined;
      usesLeft = view.getUint32(at, true);
      at += 4;
    }
    // One literal with the fields the code has, in JSON's order: a code given its fields one by
    // one after it was made keeps them outside the object, ~20 bytes more a slot (bench/).
    // The usual kinds of code each as one literal, which holds its fields exactly: a plain code,
    // a guest's stay, a stay with a weekly window (B-CODE-8). Others are put together below.
    if (flags === PRESENT) return { fullHi, fullLo, prefix };
    if (flags === (PRESENT | VALID_FROM | VALID_UNTIL) && validFromMs !== null && validUntilMs !== null)
      return { fullHi, fullLo, prefix, validFromMs, validUntilMs };
    if (
      flags === (PRESENT | VALID_FROM | VALID_UNTIL | WEEKLY) &&
      validFromMs !== null &&
      validUntilMs !== null &&
      weekly !== null
    )
      return { fullHi, fullLo, prefix, validFromMs, validUntilMs, weekly };
    return {
      fullHi,
      fullLo,
      prefix,
      ...(validFromMs === null ? null : { validFromMs }),
      ...(validUntilMs === null ? null : { validUntilMs }),
      ...(weekly === null ? null : { weekly }),
      ...(usesLeft < 0 ? null : { usesLeft }),
      ...(flags & DISABLED ? { disabled: true as const } : null),
    };
  };

  if (u8() !== BINARY_RECORD_MARK || !need(DEVICE_SECRET_BYTES)) return null;
  const secret = deviceSecretFromBytes(bytes.slice(at, at + DEVICE_SECRET_BYTES));
  at += DEVICE_SECRET_BYTES;
  if (u8() !== capacity) return null;
  const grown: (StoredCode | null)[] = [];
  for (let i = 0; i < capacity; i++) {
    const c = code();
    if (c === undefined) return null;
    grown.push(c);
  }
  const codes = grown.slice(); // exactly `capacity` long: a grown list keeps ~a third spare (bench/)
  const programmingCode = code();
  if (programmingCode === undefined) return null;
  const handingByte = u8();
  const modeByte = u8();
  const pairedByte = u8();
  const lockoutLevel = f64();
  const brownOuts = f64();
  if (handingByte < 0 || handingByte > 2 || pairedByte < 0 || pairedByte > 1) return null;
  const mode: LockMode | undefined = LOCK_MODES[modeByte];
  if (mode === undefined || lockoutLevel === null || brownOuts === null) return null;
  const settings: Record<string, number | boolean> = {};
  const count = u8();
  if (count < 0) return null;
  for (let i = 0; i < count; i++) {
    const length = u8();
    if (length < 1 || !need(length)) return null;
    const name = String.fromCharCode(...bytes.subarray(at, at + length));
    at += length;
    if (!NAME.test(name) || name === "__proto__" || Object.hasOwn(settings, name)) return null;
    const kind = u8();
    if (kind === 0 || kind === 1) settings[name] = kind === 1;
    else if (kind === 2) {
      const v = f64();
      if (v === null) return null;
      settings[name] = v;
    } else return null;
  }
  if (at !== bytes.length) return null; // trailing bytes: not a record this layout wrote
  return shapedPersistent({
    secret,
    codes,
    programmingCode,
    handing: handingByte === 0 ? null : handingByte === 1 ? "cw" : "ccw",
    settings,
    mode,
    paired: pairedByte === 1,
    lockoutLevel,
    brownOuts,
  });
}
