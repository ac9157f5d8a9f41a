/**
 * What a person does to a hosted lock, as data: the same words the HTTP API's bodies use
 * (the server's zod schemas produce exactly these shapes), declared here so the host does not
 * depend on the server.
 */
import type { KeyName } from "../core/keys.ts";
import type { PackKind } from "../twin/battery-pack.ts";

export type Speed = 0 | 1 | 10 | 60;

export interface KeyAction {
  readonly key: KeyName;
  readonly action: "press" | "release" | "tap";
}

export type PackAction =
  | { readonly action: "remove" }
  | { readonly action: "insert" }
  | { readonly action: "replace"; readonly kind: PackKind };

export interface DoorAction {
  readonly closed: boolean;
}

export interface TurnAction {
  readonly by: "key" | "thumbturn";
  readonly direction: "lock" | "unlock";
}

export interface FaultAction {
  readonly fault: string;
}

export interface FixAction {
  readonly fix: string;
  /** The programming code the person knows, for fixes that need it. */
  readonly programmingCode?: string;
  /** A fix that erases the lock (factory reset) is done only when the person confirmed it. */
  readonly confirmErase?: boolean;
}
