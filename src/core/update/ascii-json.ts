/**
 * JSON as ASCII bytes and back, for records and manifests in flash: every character past 0x7E is
 * written as a \u escape, so no text codec is needed (core has no host API, and its lib has no
 * TextEncoder) and a byte ≥ 0x80 in a stored manifest is simply malformed.
 */
export function encodeAsciiJson(value: unknown): Uint8Array {
  const text = JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The value, or undefined when the bytes are not ASCII JSON. */
export function decodeAsciiJson(bytes: Uint8Array): unknown {
  let text = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80) return undefined;
    text += String.fromCharCode(b);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
