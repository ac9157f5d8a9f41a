/**
 * A fix that erases what a person set up (a factory reset: every code, the programming code,
 * handing, pairing) is done only when the request says it knows: `confirmErase: true`, the
 * same confirmation the troubleshooter asks (`doctor.confirm-needed`), in the same words
 * (the knowledge base's warning). Without it the answer is `fix.confirm-needed` and nothing
 * is done; the page shows the warning and sends the request again once the person agrees.
 */
import { DEFAULT_KNOWLEDGE_BASE, fixEraseWarning } from "../../diagnostics/index.ts";
import { isFixId } from "../../twin/fault-ids.ts";
import { HttpError } from "../http-error.ts";

export function requireEraseConfirmation(body: {
  readonly fix: string;
  readonly confirmErase?: boolean;
}): void {
  if (!isFixId(body.fix) || body.confirmErase === true) return;
  const warning = fixEraseWarning(DEFAULT_KNOWLEDGE_BASE, body.fix);
  if (warning)
    throw new HttpError(
      "fix.confirm-needed",
      `"${body.fix}" erases things: send confirmErase: true to go ahead. ${warning}`,
    );
}
