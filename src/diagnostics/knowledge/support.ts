/**
 * Calling support, as the guides say it (issue 15: "the support step lists seed 000's five
 * items, its phone number and hours, and the warranty terms"). Everything here is quoted or
 * closely paraphrased from a seed; where the seeds are silent or disagree, `gaps` says so
 * rather than inventing a figure.
 */

export interface SupportContact {
  /** Seed 000 "Prepare Before Calling: Gather these five items to avoid call delays". */
  readonly items: readonly { readonly item: string; readonly source: string }[];
  readonly phone: { readonly number: string; readonly label: string; readonly source: string };
  readonly hours: { readonly text: string; readonly source: string };
  readonly warranty: { readonly text: string; readonly source: string };
  /** What the seeds do not give, or give two ways. */
  readonly gaps: readonly string[];
}

export const KWIKSET_SUPPORT: SupportContact = {
  items: [
    { item: "Exact model number (e.g. SmartCode 914 CAM 626)", source: "seed 000, item 1" },
    { item: "Purchase receipt showing date/location", source: "seed 000, item 2" },
    { item: "List of all troubleshooting steps attempted", source: "seed 000, item 3" },
    { item: "Video showing symptoms (record keypad + deadbolt movement)", source: "seed 000, item 4" },
    { item: "Master code and user code count", source: "seed 000, item 5" },
  ],
  phone: {
    number: "1-800-327-5625",
    label: "Kwikset Electronics Support",
    source: "seed 000 'Critical Contact Details'",
  },
  hours: {
    text: "Mon–Fri 7 AM–4 PM PST, Sat 6:30 AM–2:30 PM PST",
    source: "seed 000 'Critical Contact Details'",
  },
  warranty: {
    text: "Have proof of purchase ready: electronics are covered for 1 year, mechanical parts for a lifetime.",
    source: "seed 000 'Warranty Tip'",
  },
  gaps: [
    "Seed 000 calls the line 'Electronics Support (24/7)' and then gives weekday and Saturday hours; we show the hours it gives and say that it also says 24/7.",
    "Seed 004 also asks for the serial number and the purchase date with the warranty information; seeds 001–003 give no number or hours at all.",
    "No seed gives an e-mail address, a web form or the warranty for finishes; we give none.",
  ],
};

/** The support step in a few lines: the number, hours, the five items and the warranty. */
export function supportInstructions(s: SupportContact = KWIKSET_SUPPORT): string {
  const items = s.items.map((x, i) => `${i + 1}. ${x.item}`).join("; ");
  return `Call ${s.phone.label} at ${s.phone.number} (${s.hours.text}; seed 000 also calls the line 24/7). Have these five items ready (seed 000): ${items}. ${s.warranty.text}`;
}
