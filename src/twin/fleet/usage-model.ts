/**
 * How a household uses its lock (issue 4, "Fleets"): how many operations a day, how the
 * bolt is worked from outside (code or key; lock button or key) and from inside (thumbturn,
 * or auto-lock where it is on), how often a code is mistyped, and for holiday rentals the
 * guests with temporary codes. An operation is one lock or one unlock, whoever or whatever
 * does it, so a trip out and back is four: unlock and lock to leave, unlock and lock to come
 * home. Kwikset's battery claim is stated at 10 operations a day (REFERENCES.md).
 */

export const USAGE_KINDS = ["typical", "heavy", "rental"] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export interface UsageModel {
  readonly kind: UsageKind;
  readonly description: string;
  /** Mean operations a day (four per trip out and back). */
  readonly opsPerDay: number;
  /** Outside, unlocking: the share done with a code (the rest with the key). */
  readonly codeShare: number;
  /** Outside, locking: the share done with the lock button (the rest with the key). */
  readonly lockButtonShare: number;
  /** The share of code entries whose first try has a wrong digit. */
  readonly mistakeShare: number;
  /** The share of locks with auto-lock switched on (B-BOLT-7, 30 s). */
  readonly autoLockShare: number;
  /** Guests with temporary codes (rental), or null for a household that lives there. */
  readonly guests: GuestModel | null;
}

export interface GuestModel {
  /** Nights per stay, inclusive range. */
  readonly stayNights: readonly [number, number];
  /** The chance of one to three empty nights between two stays. */
  readonly vacancyChance: number;
  /** Check-in and check-out hours: the guest code is valid from one to the other (B-CODE-8). */
  readonly checkInHour: number;
  readonly checkOutHour: number;
  /** The share of guests who try their code before check-in (it is refused: outside its window). */
  readonly earlyShare: number;
  /** The share of guests given a wrong code by mistake: they try until the keypad locks out, then call the host. */
  readonly confusedShare: number;
  /** Wrong tries a guest makes before calling the host. */
  readonly triesBeforeCalling: number;
}

/** The three usage models; the comments say where a number comes from (mostly ours). */
export const USAGE_MODELS: Readonly<Record<UsageKind, UsageModel>> = {
  typical: {
    kind: "typical",
    description:
      "a household: 10 operations a day (Kwikset's figure), mostly codes outside and the thumbturn inside",
    opsPerDay: 10,
    codeShare: 0.9, // the keypad is why people buy the lock; the key now and then
    lockButtonShare: 0.85,
    mistakeShare: 0.05, // one entry in twenty with a slipped digit (ours)
    autoLockShare: 0.3,
    guests: null,
  },
  heavy: {
    kind: "heavy",
    description: "a busy household or small office: about 30 operations a day",
    opsPerDay: 30,
    codeShare: 0.92,
    lockButtonShare: 0.9,
    mistakeShare: 0.06, // more people, more codes, children
    autoLockShare: 0.4,
    guests: null,
  },
  rental: {
    kind: "rental",
    description:
      "a holiday rental: guests with temporary codes, more mistakes and lockouts, a cleaner between stays",
    opsPerDay: 8,
    codeShare: 1, // guests have no key
    lockButtonShare: 1,
    mistakeShare: 0.15, // a code learnt from a message the day before
    autoLockShare: 0.7, // hosts like the door to lock itself behind guests
    guests: {
      stayNights: [2, 7],
      vacancyChance: 0.3,
      checkInHour: 15,
      checkOutHour: 11,
      earlyShare: 0.1,
      confusedShare: 0.04,
      triesBeforeCalling: 6,
    },
  },
};

export function isUsageKind(s: string): s is UsageKind {
  return (USAGE_KINDS as readonly string[]).includes(s);
}
