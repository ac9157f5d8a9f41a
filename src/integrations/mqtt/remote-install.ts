/**
 * Home Assistant's Install for a lock another process serves (`latchkey locks`, issue 14):
 * this process cannot apply the `update-firmware` fix to a twin it does not hold, so it does
 * over the lock link what the fix does over the radio — the maker's latest release for the
 * lock's model, sent the way the hub sends its own images (the hub's sendImage: begin, chunks
 * at the lock's radio size, finish, answered after the boot). The maker's key is one every
 * lock trusts, so no key is needed from the lock's operator.
 */
import { getProfile } from "../../core/profiles/index.ts";
import { compareVersions, isVersion, LATEST_VERSION } from "../../core/update/firmware-versions.ts";
import type { LockSource } from "../../host/index.ts";
import { sendImage } from "../../hub/index.ts";
import { makerRelease } from "../../twin/maker-release.ts";
import type { BridgeLinkResult } from "./home-assistant-bridge.ts";

export async function installOverLink(source: LockSource, id: string): Promise<BridgeLinkResult> {
  const view = source.view(id);
  const link = source.link(id);
  if (view === undefined || link === undefined)
    return { ok: false, code: "lock.not-found", reason: "no lock with that id is reached from here" };
  const profile = getProfile(view.profileId);
  if (profile === undefined || profile.radio === null)
    return { ok: false, code: "lock.no-radio", reason: `${view.profileId} has no radio to take an update` };
  // Checked before a byte is sent: the lock would refuse the same version only after the whole
  // image (update.downgrade at the finish), minutes of Z-Wave air time for nothing.
  if (isVersion(view.firmwareVersion) && compareVersions(view.firmwareVersion, LATEST_VERSION) >= 0)
    return {
      ok: false,
      code: "firmware.up-to-date",
      reason: `the lock already runs ${view.firmwareVersion}, the maker's latest`,
    };
  const outcome = await sendImage(link, makerRelease(profile, LATEST_VERSION), LATEST_VERSION);
  if (outcome.status === "updated") return { ok: true };
  return { ok: false, code: outcome.code, reason: outcome.reason };
}
