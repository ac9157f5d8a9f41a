/**
 * What a lock model offers the troubleshooter — a radio (app, hub, vacation mode) and a
 * programming code — read from its profile, with the same test the twin uses to refuse
 * faults that cannot exist on a model (twin/faults.ts).
 */
import type { LockProfile } from "../../core/profile-types.ts";
import { getProfile } from "../../core/profiles/index.ts";
import type { ModelCapabilities } from "./model.ts";
import { ANY_MODEL } from "./model.ts";

export function capabilitiesOf(profile: LockProfile): ModelCapabilities {
  const programmingCode = profile.procedures.some(
    (p) => p.start.kind === "programming-code" || p.tokens.some((t) => t.t === "digits" && t.role === "auth"),
  );
  return {
    radio: profile.radio !== null,
    programmingCode,
    prefixRule: profile.codes.uniquePrefixDigits !== null,
  };
}

/** The model's capabilities, or everything for a model we do not know. */
export function capabilitiesOfModel(profileId: string | undefined): ModelCapabilities {
  const profile = profileId === undefined ? undefined : getProfile(profileId);
  return profile ? capabilitiesOf(profile) : ANY_MODEL;
}
