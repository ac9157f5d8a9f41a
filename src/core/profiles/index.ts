/**
 * The registry of model profiles, by the ids the scenario language knows (SCENARIOS.md).
 */
import type { LockProfile } from "../profile-types.ts";
import { smartcode914 } from "./smartcode-914.ts";
import { smartcode955 } from "./smartcode-955.ts";
import { smartcode264 } from "./smartcode-264.ts";
import { smartcode275 } from "./smartcode-275.ts";
import { halo } from "./halo.ts";
import { aura } from "./aura.ts";
import { smartcode910 } from "./smartcode-910.ts";

export const PROFILES: Readonly<Record<string, LockProfile>> = Object.freeze({
  [smartcode914.id]: smartcode914,
  [smartcode955.id]: smartcode955,
  [smartcode264.id]: smartcode264,
  [smartcode275.id]: smartcode275,
  [halo.id]: halo,
  [aura.id]: aura,
  [smartcode910.id]: smartcode910,
});

export const PROFILE_IDS: readonly string[] = Object.keys(PROFILES);

export function getProfile(id: string): LockProfile | undefined {
  return PROFILES[id];
}
