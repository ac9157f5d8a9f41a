/**
 * Expands the files and folders given on the command line into scenario files, in a stable
 * order (folders recursively; .yaml, .yml and .json). What cannot be a scenario file — a FIFO or
 * device with a scenario's name, a dangling symlink, a symlink loop, a folder that cannot be
 * read — is not opened: it comes back as a problem with a reason, so the command can say so and
 * exit 2 (issue 16, item 7). A symlinked folder is followed once; a link back into a folder
 * being walked is a loop, reported, not followed. A link to a folder already read is not read
 * again: folders of links to links (2 links a level, 30 levels: 2^30 walks) would otherwise
 * hang the run. The walk stops at MAX_SCENARIO_FILES files or MAX_WALK_ENTRIES entries looked
 * at (`latchkey scenario run /` ends, saying so), rather than reading a whole disk.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import type { Dirent } from "node:fs";
import { join } from "node:path";
import { describeFsError, kindOf } from "./regular-file.ts";

const SCENARIO_FILE = /\.(ya?ml|json)$/i;
/** Deeper than any real tree of scenarios; a bound so a strange file system cannot run us deep. */
const MAX_DEPTH = 32;
/** More files than anyone runs at once is a mistake (a home folder given by accident). */
export const MAX_SCENARIO_FILES = 10_000;
/** Files and folders looked at in one run: ten times a big tree of scenarios, far from a disk. */
export const MAX_WALK_ENTRIES = 100_000;

export interface PathProblem {
  readonly path: string;
  readonly reason: string;
}

export function expandScenarioPaths(
  paths: readonly string[],
  bounds: { readonly maxFiles?: number; readonly maxEntries?: number } = {},
): { files: string[]; problems: PathProblem[] } {
  const maxFiles = bounds.maxFiles ?? MAX_SCENARIO_FILES;
  const maxEntries = bounds.maxEntries ?? MAX_WALK_ENTRIES;
  const files: string[] = [];
  const problems: PathProblem[] = [];
  const walking = new Set<string>();
  /** Every folder read so far (real paths): a link to one of them is not read again. */
  const read = new Set<string>();
  let entriesSeen = 0;
  /** Set once a bound is reached: nothing more is looked at. */
  let stopped = false;

  const addFile = (p: string): void => {
    if (files.length < maxFiles) {
      files.push(p);
      return;
    }
    stopped = true;
    problems.push({
      path: p,
      reason: `more than ${maxFiles.toLocaleString("en-US")} scenario files: the rest are not run`,
    });
  };

  const walk = (dir: string, depth: number, viaLink = false): void => {
    if (stopped) return;
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      problems.push({ path: dir, reason: describeFsError(e, dir) });
      return;
    }
    if (walking.has(real)) {
      problems.push({
        path: dir,
        reason: "a symlink loop (a link back into a folder being read): not followed",
      });
      return;
    }
    // Reached again through another link (folders of links to links): read once, not 2^depth times.
    if (viaLink && read.has(real)) return;
    if (depth > MAX_DEPTH) {
      problems.push({ path: dir, reason: `folders nested deeper than ${MAX_DEPTH}: not read` });
      return;
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push({ path: dir, reason: `folder ${describeFsError(e, dir)}` });
      return;
    }
    walking.add(real);
    read.add(real);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (stopped) break;
      const p = join(dir, entry.name);
      if (++entriesSeen > maxEntries) {
        stopped = true;
        problems.push({
          path: p,
          reason: `more than ${maxEntries.toLocaleString("en-US")} files and folders looked at: the rest are not read (name the scenarios' folder)`,
        });
        break;
      }
      const named = SCENARIO_FILE.test(entry.name);
      if (entry.isDirectory()) walk(p, depth + 1);
      else if (entry.isFile()) {
        if (named) addFile(p);
      } else if (entry.isSymbolicLink()) {
        let st;
        try {
          st = statSync(p);
        } catch (e) {
          // A broken link with a scenario's name is a file someone meant to run; others are noise.
          if (named) problems.push({ path: p, reason: describeFsError(e, p) });
          continue;
        }
        if (st.isDirectory()) walk(p, depth + 1, true);
        else if (!named) continue;
        else if (st.isFile()) addFile(p);
        else problems.push({ path: p, reason: `${kindOf(st)}, not a regular file: not read` });
      } else if (named) {
        problems.push({ path: p, reason: `${describeEntry(entry)}, not a regular file: not read` });
      }
    }
    walking.delete(real);
  };

  for (const p of paths) {
    if (stopped) break;
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      problems.push({ path: p, reason: describeFsError(e, p) });
      continue;
    }
    if (st.isDirectory()) walk(p, 0);
    else if (st.isFile()) addFile(p);
    else problems.push({ path: p, reason: `${kindOf(st)}, not a regular file: not read` });
  }
  return { files, problems };
}

function describeEntry(entry: Dirent): string {
  if (entry.isFIFO()) return "a FIFO (named pipe)";
  if (entry.isSocket()) return "a socket";
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return "a device";
  return "not a regular file";
}
