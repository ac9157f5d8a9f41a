/**
 * The pairing QR image is matter.js's own QR encoding, read back faithfully: drawing the
 * modules again in matter.js's text form gives exactly what matter.js drew, the three finder
 * patterns sit in their corners, and the SVG has the quiet zone and one square per dark module.
 */
import { describe, expect, it } from "vitest";
import { QrCode } from "@matter/main/types";
import { qrModules, qrSvg } from "./qr-image.ts";

const PAYLOAD = "MT:Y.K9042C00KA0648G00";

/** matter.js's text drawing, from modules (the inverse of qrModules). */
function asMatterText(m: boolean[][]): string {
  const glyph = (top: boolean, bottom: boolean) =>
    top ? (bottom ? "\u2800" : "\u2584") : bottom ? "\u2580" : "\u2588";
  const lines = ["\u2584".repeat(23)];
  for (let y = 0; y < 21; y += 2) {
    lines.push(
      "\u2588" + m[y]!.map((dark, x) => glyph(dark, y === 20 ? false : m[y + 1]![x]!)).join("") + "\u2588",
    );
  }
  lines.push("\u2580".repeat(23));
  return lines.join("\n") + "\n";
}

describe("the Matter pairing QR code as an image", () => {
  it("reads matter.js's QR code back module by module", () => {
    const m = qrModules(PAYLOAD);
    expect(m).toHaveLength(21);
    expect(m.every((row) => row.length === 21)).toBe(true);
    expect(asMatterText(m)).toBe(QrCode.get(PAYLOAD));
  });

  it("has the three finder patterns (7 × 7, dark ring, light ring, dark 3 × 3 centre)", () => {
    const m = qrModules(PAYLOAD);
    const finderAt = (x0: number, y0: number) => {
      for (let y = 0; y < 7; y++)
        for (let x = 0; x < 7; x++) {
          const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
          if (m[y0 + y]![x0 + x] !== (ring !== 2)) return false;
        }
      return true;
    };
    expect([finderAt(0, 0), finderAt(14, 0), finderAt(0, 14)]).toEqual([true, true, true]);
    expect(finderAt(14, 14)).toBe(false);
  });

  it("the SVG is 21 modules plus a quiet zone of 4, one square per dark module", () => {
    const svg = qrSvg(PAYLOAD);
    const dark = qrModules(PAYLOAD).flat().filter(Boolean).length;
    expect(svg).toContain('viewBox="0 0 29 29"');
    expect(svg.match(/h1v1h-1z/g)).toHaveLength(dark);
    expect(svg).toContain(`aria-label="Matter QR code ${PAYLOAD}"`);
    // The top-left finder starts at the quiet zone's edge.
    expect(svg).toContain("M4 4h1v1h-1z");
  });
});
