/**
 * How each model's exterior keypad looks: which buttons, in how many columns, and where the
 * confirm key sits. The buttons come from the profile's data (two-digit buttons, touchscreen,
 * the confirm key's label); only the arrangement on the escutcheon is presentation, kept in
 * one table here with a default for any new profile.
 */
import type { KeyName, ProfileSummary } from "./api-types.ts";

export interface KeypadButton {
  /** What the twin is sent (`data-key`); for a two-digit button, its first digit. */
  readonly key: KeyName;
  /** Every digit the button stands for (`data-keys`). */
  readonly digits: readonly string[];
  readonly label: string;
  readonly accessibleName: string;
}

export interface KeypadLayout {
  readonly style: "buttons" | "touchscreen";
  readonly columns: number;
  readonly confirmAt: "top" | "bottom" | "grid";
  readonly digits: readonly (KeypadButton | null)[];
  readonly confirm: KeypadButton;
}

/** The arrangement of the buttons on each model (seen on the guides' photos). */
const ARRANGEMENT: Readonly<Record<string, { columns: number; confirmAt: "top" | "bottom"; order: string }>> =
  {
    "smartcode-914": { columns: 2, confirmAt: "bottom", order: "1234567890" },
    "smartcode-955": { columns: 3, confirmAt: "bottom", order: "123456789_0_" },
    "smartcode-264": { columns: 2, confirmAt: "top", order: "1234567890" },
    halo: { columns: 2, confirmAt: "bottom", order: "1234567890" },
    aura: { columns: 2, confirmAt: "bottom", order: "1234567890" },
  };

const DEFAULT_ARRANGEMENT = { columns: 2, confirmAt: "bottom" as const, order: "1234567890" };

function digitButton(d: string): KeypadButton {
  return { key: d as KeyName, digits: [d], label: d, accessibleName: d };
}

function confirmButton(profile: ProfileSummary): KeypadButton {
  const label = profile.keypad.confirmLabel;
  if (profile.keypad.kind === "touchscreen") {
    // The 275's confirm key is the enter arrow on the glass.
    return { key: "lock", digits: [], label: "▸", accessibleName: "Enter arrow (lock key)" };
  }
  return {
    key: "lock",
    digits: [],
    label,
    accessibleName: label === "Lock" ? "Lock" : `${label} (lock key)`,
  };
}

export function keypadLayout(profile: ProfileSummary): KeypadLayout {
  const confirm = confirmButton(profile);
  const shared = profile.keypad.sharedButtons;
  if (shared.length > 0) {
    // Two digits on one button (smartcode-910): the twin hears the first, the core treats them alike.
    return {
      style: "buttons",
      columns: 1,
      confirmAt: "bottom",
      digits: shared.map((pair) => {
        const digits = [...pair];
        return {
          key: digits[0] as KeyName,
          digits,
          label: digits.join(" · "),
          // The name holds the words the button shows, in order ("1 · 2" → "1, 2"), so a person
          // who says what they see to voice control hits it (WCAG 2.5.3; axe:
          // label-content-name-mismatch); "1 and 2" put a word between them.
          accessibleName: digits.join(", "),
        };
      }),
      confirm,
    };
  }
  if (profile.keypad.kind === "touchscreen") {
    return {
      style: "touchscreen",
      columns: 3,
      confirmAt: "grid",
      digits: [...[..."123456789"].map(digitButton), null, digitButton("0")],
      confirm,
    };
  }
  const a = ARRANGEMENT[profile.id] ?? DEFAULT_ARRANGEMENT;
  return {
    style: "buttons",
    columns: a.columns,
    confirmAt: a.confirmAt,
    digits: [...a.order].map((c) => (c === "_" ? null : digitButton(c))),
    confirm,
  };
}
