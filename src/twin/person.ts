/**
 * The person at the lock: what they know (their code and slot, the programming code) and
 * what they do with it. Some faults live here, not in the lock: a person who types a wrong
 * or old code, uses the programming code to unlock, forgot the master code, or wants to add
 * a code that conflicts (FAULTS.md wrong-code, programming-code-used, master-code-forgotten,
 * code-conflict).
 */
export interface Person {
  /** The user code that is theirs, and its slot. */
  code?: string;
  slot?: number;
  /** What they actually type to get in (a wrong-code fault makes it differ from `code`). */
  typed?: string;
  /** The programming/master code, when the lock has one and they know it. */
  programmingCode?: string;
  forgotProgrammingCode?: boolean;
  /** A code they want to add next, and where. */
  wantsToAdd?: { code: string; slot: number };
  /** Other household codes they know (capacity-full fills slots with these). */
  otherCodes?: { code: string; slot: number }[];
}

/** The code the person enters to unlock. */
export function codeTyped(p: Person): string | undefined {
  return p.typed ?? p.code;
}

export function knownProgrammingCode(p: Person): string | undefined {
  return p.forgotProgrammingCode ? undefined : p.programmingCode;
}
