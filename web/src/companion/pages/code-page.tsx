/**
 * One code: its schedule, its status on each lock in words, its warnings; edit, retry a
 * failed lock, delete. A guest reads their own code's schedule and status; the digits are not
 * shown to someone who may not manage codes (B-SEC-4), and another's code is "not found".
 */
import { useState } from "preact/hooks";
import { useConfirm } from "../../use-confirm.ts";
import { hub, HubError } from "../hub-client.ts";
import type { Me } from "../hub-types.ts";
import { go, href } from "../router.ts";
import { useLoad } from "../use-load.ts";
import { heard } from "../live.ts";
import { Loading, Notice, PageTitle, Problem } from "../ui.tsx";
import { issueText } from "../words.ts";
import { LockCodeLine, scheduleText, StatusBadge } from "./code-status.tsx";
import { usePeopleNames } from "./locks-page.tsx";

export function CodePage({ codeId, me }: { codeId: string; me: Me }) {
  const code = useLoad(() => hub.code(codeId), [codeId], { pollMs: 10_000, hears: heard.code(codeId) });
  const guest = me.role === "guest";
  const names = usePeopleNames();
  const [shown, setShown] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const confirm = useConfirm(confirmDelete, () => setConfirmDelete(false));
  const [error, setError] = useState<HubError | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  if (code.error)
    return (
      <>
        <PageTitle>Code</PageTitle>
        <Problem error={code.error} />
      </>
    );
  const c = code.data;
  if (!c) return <Loading what="the code" />;
  const act = async (what: () => Promise<unknown>, done: string): Promise<void> => {
    try {
      await what();
      setError(undefined);
      setNotice(done);
      await code.reload();
    } catch (e) {
      setError(e instanceof HubError ? e : undefined);
    }
  };
  const failed = c.locks.some((l) => l.status === "failed");
  return (
    <>
      <PageTitle>{c.name}</PageTitle>
      <p>
        <a href={href("codes")}>{guest ? "My codes" : "All codes"}</a>
      </p>
      <section class="card" aria-labelledby="code-facts">
        <h2 id="code-facts">The code</h2>
        <dl class="facts">
          <div>
            <dt>Code</dt>
            <dd class="digits" data-digits={guest ? "hidden" : "shown"}>
              {guest ? (
                `${c.code.length} digits — given to you by the person who manages the lock`
              ) : shown ? (
                c.code
              ) : (
                <>
                  {"•".repeat(c.code.length)}{" "}
                  <button type="button" class="quiet" onClick={() => setShown(true)}>
                    Show the code
                  </button>
                </>
              )}
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={c.status} />
              {c.deleted_at && <span class="muted small"> (deleted)</span>}
            </dd>
          </div>
          <div class="wide">
            <dt>When it works</dt>
            <dd data-schedule>{scheduleText(c)}</dd>
          </div>
          {!guest && (
            <div>
              <dt>For</dt>
              <dd>{c.person_id ? (names.get(c.person_id) ?? c.person_id) : "No one in particular"}</dd>
            </div>
          )}
          {!guest && (
            <div>
              <dt>Made by</dt>
              <dd>{c.is_generated ? "The hub (generated)" : "Chosen"}</dd>
            </div>
          )}
        </dl>
        {c.warnings.length > 0 && !guest && (
          <ul class="issues" aria-label="Warnings about the digits">
            {c.warnings.map((w) => (
              <li key={w.code} class="warn-text" title={w.code} data-issue={w.code}>
                {issueText(w)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="code-locks">
        <h2 id="code-locks">On each lock</h2>
        <ul class="plain">
          {c.locks.map((l) => (
            <li key={l.lock_id}>
              <LockCodeLine row={l} lockName={l.lock_name ?? l.lock_id} />
            </li>
          ))}
        </ul>
      </section>
      {!guest && !c.deleted_at && (
        <div class="actions">
          <a class="button-link primary" href={href("codes", c.id, "edit")}>
            Edit
          </a>
          {failed && (
            <button type="button" onClick={() => void act(() => hub.retryCode(c.id), "Sent again.")}>
              Try again on the failed locks
            </button>
          )}
          {!confirmDelete ? (
            <button
              type="button"
              class="danger"
              ref={confirm.openerRef}
              onClick={() => setConfirmDelete(true)}
            >
              Delete…
            </button>
          ) : (
            <span
              role="group"
              aria-label="Confirm deleting the code"
              class="confirm inline-confirm"
              onKeyDown={confirm.onKeyDown}
            >
              <span>Delete {c.name} from every lock?</span>
              <button
                type="button"
                class="danger"
                onClick={() =>
                  void act(() => hub.deleteCode(c.id), "Deleted: it leaves each lock as soon as it can.")
                }
              >
                Yes, delete
              </button>
              <button type="button" ref={confirm.safeRef} onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </span>
          )}
          <button type="button" class="quiet" onClick={() => go("codes")}>
            Back
          </button>
        </div>
      )}
      <Problem error={error} />
      <Notice text={notice} />
    </>
  );
}
