/**
 * The pairing QR code as an image for the lock's page. matter.js draws the `MT:` payload as
 * a 21 × 21 QR code (version 1) in text blocks for terminals (`QrCode` of
 * @matter/main/types: each character is two modules, the glyph being a light module); this
 * reads those modules back and draws them as SVG with the quiet zone a scanner needs. The
 * QR encoding itself stays matter.js's.
 */
import { QrCode } from "@matter/main/types";

/** QR codes need four light modules around them (ISO/IEC 18004 §6.3.8). */
const QUIET_ZONE = 4;
const SIZE = 21;

/** The character matter.js draws for a pair of modules (top, bottom); light is the glyph. */
const DARK_TOP = new Set(["\u2584", "\u2800"]); // ▄ and blank: the top module is dark
const DARK_BOTTOM = new Set(["\u2580", "\u2800"]); // ▀ and blank: the bottom module is dark

/** The payload's modules, row by row; true is dark. */
export function qrModules(payload: string): boolean[][] {
  const lines = QrCode.get(payload).split("\n");
  // Line 0 is the top border, then one line per two rows, a border character at each end.
  const rows: boolean[][] = [];
  for (let y = 0; y < SIZE; y += 2) {
    const chars = [...(lines[1 + y / 2] ?? "")];
    if (chars.length !== SIZE + 2) throw new Error(`matter.js drew an unexpected QR code for ${payload}`);
    const cells = chars.slice(1, SIZE + 1);
    rows.push(cells.map((c) => DARK_TOP.has(c)));
    if (y + 1 < SIZE) rows.push(cells.map((c) => DARK_BOTTOM.has(c)));
  }
  return rows;
}

/** The payload as an SVG image: one path of dark squares on white, crisp at any scale. */
export function qrSvg(payload: string): string {
  const modules = qrModules(payload);
  const side = SIZE + 2 * QUIET_ZONE;
  let path = "";
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`;
    }),
  );
  const label = payload.replace(/[<>&"]/g, "");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges" ` +
    `role="img" aria-label="Matter QR code ${label}">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}
