/** The answer of a fault or fix: done, or refused with a reason a person understands. */
export type TwinOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };
export const OK: TwinOutcome = { ok: true };
export const refused = (reason: string): TwinOutcome => ({ ok: false, reason });
