/**
 * Reading files named on the command line without being hung or crashed by them (issue 16,
 * item 7): a FIFO named `x.yaml` must not block `scenario run` for ever, and a dangling
 * symlink, a symlink loop or an unreadable file must give a message (exit 2), not a stack trace.
 *
 * Only regular files are read. The file is opened non-blocking (so opening a FIFO returns at
 * once), then the opened descriptor — not the name, which could be swapped in between — is
 * checked to be a regular file before a byte is read, and no more than the size bound is read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from "node:fs";
import type { Stats } from "node:fs";

/** A scenario file is a page of YAML; a megabyte is far beyond any real one. */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;

export type FileRead =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** What kind of thing a path is, in words, for a refusal. */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSymbolicLink()) return "a symlink";
  return "not a regular file";
}

/** A file-system error as a person reads it; `path` is checked again to tell a dangling symlink. */
export function describeFsError(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return isSymlink(path) ? "a symlink to nothing (dangling)" : "no such file or folder";
    case "ELOOP":
      return "a symlink loop";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    case "ENOTDIR":
      return "no such file (a part of the path is not a folder)";
    case "ENAMETOOLONG":
      return "the name is too long";
    case "EISDIR":
      return "a folder, not a file";
    default:
      return `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`;
  }
}

/**
 * The bytes of a file as text: UTF-8, a byte-order mark dropped (an editor's or PowerShell's:
 * `JSON.parse` refused a shard file that began with one as "not JSON"). UTF-16 and binary
 * files are refused saying what they are, rather than parsed into a page of YAML errors or a
 * message quoting NUL characters.
 */
export function asText(bytes: Buffer): FileRead {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { ok: false, reason: "UTF-16 text, not UTF-8: not read (save it as UTF-8)" };
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    return {
      ok: false,
      reason: `binary, not text (a NUL byte at byte ${nul.toLocaleString("en-US")}): not read`,
    };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { ok: true, text: bytes.toString("utf8", bom) };
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Reads a regular file as UTF-8, at most `maxBytes` of it. Never blocks on a FIFO or device,
 * never throws for anything the file system says.
 */
export function readRegularFile(
  path: string,
  maxBytes = MAX_SCENARIO_FILE_BYTES,
  what = "a scenario file",
): FileRead {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    return { ok: false, reason: describeFsError(e, path) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: `${kindOf(st)}, not a regular file: not read` };
    if (st.size > maxBytes) {
      return {
        ok: false,
        reason: `${st.size.toLocaleString("en-US")} bytes, more than the ${maxBytes.toLocaleString("en-US")} ${what} may have`,
      };
    }
    // The size may change while we read (a file being written): read at most one byte more.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > maxBytes) {
      return {
        ok: false,
        reason: `more than the ${maxBytes.toLocaleString("en-US")} bytes ${what} may have`,
      };
    }
    return asText(buf.subarray(0, n));
  } catch (e) {
    return { ok: false, reason: describeFsError(e, path) };
  } finally {
    closeSync(fd);
  }
}
