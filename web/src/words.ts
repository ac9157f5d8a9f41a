/**
 * What a person reads instead of the project's internal ids (issue 11: "no internal ids in what
 * a person reads"). The ids themselves stay in the data-* attributes, the trace (history, the
 * scenario file, the support report) and in tooltips (`title`), where a developer finds them.
 */

/** What each signal of the lock means, as the guides say it (core/signals.ts's names). */
const SIGNAL_MEANINGS: Readonly<Record<string, string>> = {
  codeAccepted: "code accepted",
  wrongCode: "wrong code",
  keypadDisabled: "keypad codes are off",
  programSuccess: "programming accepted",
  programFailure: "programming failed",
  jammed: "the bolt jammed",
  critical: "battery critical: locking refused",
  lowBattery: "battery low",
  noCodes: "no user code yet",
  handingSuccess: "door handing learned",
  handingFailure: "door handing failed",
  lockout: "keypad locked out",
  oneTouchLock: "one-touch lock",
  refused: "the lock refused",
  // A pattern a model's procedure names for its own steps (core: emitSignal's "procedure"):
  // success or failure, which the colours and beeps tell.
  procedure: "its answer to a programming step",
};

/** "handingSuccess" → "door handing learned"; an unknown name in plain words. */
export function signalMeaning(name: string): string {
  return SIGNAL_MEANINGS[name] ?? name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** A FAULTS.md id in words: "reseat-clutch" → "Reseat clutch". */
export function idWords(id: string): string {
  const w = id.replace(/-/g, " ");
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** Rule ids such as "(B-SET-2)" taken out of a sentence (they stay in its tooltip). */
export function withoutRuleIds(text: string): string {
  return text
    .replace(/\s*\((?:B-[A-Z]+-\d+[a-z]?(?:[,;/ ]+)?)+\)/g, "")
    .replace(/\bB-[A-Z]+-\d+[a-z]?\b:?\s*/g, "")
    .trim();
}

/** A profile procedure's title: "add-user-code" → "Add a user code". */
const PROCEDURE_TITLES: Readonly<Record<string, string>> = {
  "add-user-code": "Add a user code",
  "add-user-code-with-master": "Add a user code (with the master code)",
  "create-master-code": "Create the master code",
  "set-master-code": "Set the master code",
  "set-programming-code": "Set the programming code",
  "delete-user-code": "Delete a user code",
  "delete-all-codes": "Delete every user code",
  "change-programming-code": "Change the programming code",
  "door-handing": "Teach the lock the door's handing",
  "factory-reset-with-reset-hole": "Factory reset with the reset hole",
};

export function procedureTitle(id: string): string {
  if (PROCEDURE_TITLES[id]) return PROCEDURE_TITLES[id];
  if (id.startsWith("door-handing-at-power-up")) return "Teach the handing at power-up";
  if (id.startsWith("factory-reset-at-power-up")) return "Factory reset at power-up";
  return idWords(id);
}
