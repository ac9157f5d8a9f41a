/**
 * The sending side of a firmware update over the twin's radio (issue 14): what the maker's app
 * or a hub does — begin, the image chunk by chunk as the lock's radio carries it, finish — on
 * the twin's virtual clock, so the update takes the radio's time. It only talks over the radio
 * and listens to what the lock transmits; it never reaches into the lock.
 */
import type { RadioCommand, RadioReport, RefusalCode } from "../core/radio-types.ts";
import { UPDATE_CHUNK_BYTES } from "../core/radio-types.ts";
import { toBase64 } from "../core/update/image-store.ts";
import { LATEST_VERSION, compareVersions } from "../core/update/firmware-versions.ts";
import type { LockTwin } from "./lock-twin.ts";
import { makerRelease } from "./maker-release.ts";
import { RESTART_MS, chunkAirMs } from "./radio-air-time.ts";

export type UpdateOutcome =
  | { readonly ok: true; readonly version: string; readonly previous: string; readonly ms: number }
  | {
      readonly ok: false;
      readonly code: RefusalCode | "update.rolled-back";
      readonly reason: string;
      readonly ms: number;
      /** How far the transfer got before it stopped (bytes the lock confirmed). */
      readonly received: number;
    };

type UpdateFailure = Extract<UpdateOutcome, { ok: false }>;

/** Sends `image` to the lock and waits for the boot that activates it. */
export function sendFirmwareImage(
  twin: LockTwin,
  image: Uint8Array,
  opts: { readonly allowDowngrade?: boolean } = {},
): UpdateOutcome {
  const radio = twin.profile.radio;
  const startedMs = twin.clock.nowMs;
  let received = 0;
  const fail = (code: UpdateFailure["code"], reason: string): UpdateOutcome => ({
    ok: false,
    code,
    reason,
    ms: twin.clock.nowMs - startedMs,
    received,
  });
  if (radio === null)
    return fail(
      "lock.offline",
      `${twin.profile.id} has no radio: its firmware cannot be updated over the air`,
    );
  const heard: RadioReport[] = [];
  const stop = twin.onRadioReport((r) => heard.push(r));
  try {
    /** Sends one command and waits as long as the radio takes for its answer. */
    const ask = (command: RadioCommand, waitMs: number): RadioReport | string => {
      const delivery = twin.send(command);
      if (!delivery.sent) return `${delivery.code}: ${delivery.reason}`;
      twin.advance(waitMs);
      const answer = heard.find((r) => r.type === "result" && r.requestId === delivery.requestId);
      return answer ?? "lock.timeout: no answer (the lock lost power or went out of reach)";
    };
    const check = (answer: RadioReport | string): UpdateOutcome | null => {
      if (typeof answer === "string") {
        const code = answer.slice(0, answer.indexOf(":")) as RefusalCode;
        return fail(code, answer.slice(answer.indexOf(":") + 2));
      }
      if (answer.type === "result" && !answer.ok) return fail(answer.code, answer.reason);
      return null;
    };
    const begun = check(ask({ type: "updateBegin", size: image.length }, 0));
    if (begun) return begun;
    const chunk = UPDATE_CHUNK_BYTES[radio];
    for (let at = 0; at < image.length; at += chunk) {
      const bytes = image.subarray(at, at + chunk);
      const problem = check(
        ask({ type: "updateChunk", offset: at, data: toBase64(bytes) }, chunkAirMs(radio, bytes.length)),
      );
      if (problem) return problem;
      received = at + bytes.length;
    }
    heard.length = 0;
    const finished = check(
      ask(
        { type: "updateFinish", ...(opts.allowDowngrade ? { allowDowngrade: true } : {}) },
        50 + RESTART_MS + 100,
      ),
    );
    if (finished) return finished;
    for (const r of heard) {
      if (r.type !== "event") continue;
      if (r.event.kind === "firmware-updated")
        return {
          ok: true,
          version: r.event.version,
          previous: r.event.previous,
          ms: twin.clock.nowMs - startedMs,
        };
      if (r.event.kind === "firmware-rolled-back") return fail("update.rolled-back", r.event.reason);
    }
    return fail("lock.timeout", "the lock did not report its boot after the update");
  } finally {
    stop();
  }
}

/**
 * The fix `update-firmware` (FAULTS.md firmware-outdated): the app installs the maker's latest
 * release over the lock's radio. It needs the radio: a lock without one, out of reach or
 * without power is refused with the link's reason, and nothing changes.
 */
export function updateToLatest(twin: LockTwin): UpdateOutcome {
  if (compareVersions(twin.runningVersion, LATEST_VERSION) >= 0)
    return { ok: true, version: twin.runningVersion, previous: twin.runningVersion, ms: 0 };
  return sendFirmwareImage(twin, makerRelease(twin.profile, LATEST_VERSION));
}
