// The troubleshooter for the shown lock (issue 6): pick a symptom, see the ranked causes as a
// bar chart with the explanation, and take each step the engine asks for — answer it, or
// have the server carry it out on the simulated lock (a test, or a fix; a factory reset only
// after its warning is confirmed) — until the lock works. The session lives in the server:
// a reload finds it again. Tests read data-step-kind, data-cause, data-answer, data-outcome.
// The companion app (web/src/companion/) shows this same panel for a lock of the hub, opened
// from an alert with the symptom the alert points to already chosen.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { DoctorSession, DoctorStep, SymptomList } from "../api-types.ts";
import { useConfirm } from "../use-confirm.ts";
import { idWords } from "../words.ts";
import "./troubleshooter.css";

/** What the panel needs of a lock: its id on the lock server (/api/locks/:id). */
export interface TroubleshootLock {
  readonly id: string;
}

type Symptom = SymptomList["symptoms"][number];
type Ask = Extract<DoctorStep, { kind: "question" | "test" }>;
type Fix = Extract<DoctorStep, { kind: "fix" }>;

let symptomsOnce: Promise<Symptom[]> | null = null;

function useSymptoms(): Symptom[] {
  const [list, setList] = useState<Symptom[]>([]);
  useEffect(() => {
    let live = true;
    symptomsOnce ??= api.symptoms();
    symptomsOnce.then(
      (s) => live && setList(s),
      () => {
        symptomsOnce = null;
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}

function percent(p: number): string {
  if (p < 0.01) return "under 1 %";
  if (p > 0.99) return "over 99 %";
  return `${Math.round(p * 100)} %`;
}

/** Minutes as the engine counts them: "15 s" under a minute, else "6.3 min". */
function minutes(m: number): string {
  if (m > 0 && m < 1) return `${Math.round(m * 60)} s`;
  return `${Math.round(m * 10) / 10} min`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---- the ranked causes ----

function CauseChart({ session }: { session: DoctorSession }) {
  const shown = session.causes.filter((c, i) => i < 3 || c.probability >= 0.005);
  return (
    <figure class="cause-chart">
      <figcaption>Likeliest causes</figcaption>
      <ol>
        {shown.map((c, i) => {
          const pct = percent(c.probability);
          const gone = session.status === "working" && c.probability - c.stillPresent > 0.05;
          return (
            <li
              key={c.fault}
              data-cause={c.fault}
              data-rank={i + 1}
              data-probability={c.probability.toFixed(3)}
              class={i === 0 ? "is-top" : ""}
            >
              <span class="cause-name">{c.cause}</span>
              <span
                class="cause-bar"
                role="meter"
                aria-label={`${c.cause}: ${pct}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(c.probability * 100)}
                aria-valuetext={pct}
              >
                <span class="cause-fill" style={{ width: `${Math.max(c.probability * 100, 0.6)}%` }} />
              </span>
              <span class="cause-pct" aria-hidden="true">
                {pct}
              </span>
              {gone && <small class="cause-now">still present: {percent(c.stillPresent)}</small>}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

// ---- the next step ----

interface StepActions {
  busy: boolean;
  answer: (value: string) => void;
  doIt: (confirmErase?: boolean) => void;
  reportFix: (result: "works" | "not-working" | "not-possible") => void;
}

function AskStep({ step, act }: { step: Ask; act: StepActions }) {
  const isTest = step.kind === "test";
  return (
    <>
      <h4>
        {isTest ? "A test on the lock" : "A question"}{" "}
        <span class="muted">· about {minutes(step.minutes)}</span>
      </h4>
      <p class="step-text">{step.question}</p>
      <p class="muted step-why">{step.why}</p>
      <div class="step-actions">
        <button type="button" class="primary" data-action="do" disabled={act.busy} onClick={() => act.doIt()}>
          {isTest ? "Do this test on the lock" : "Let the simulated person answer"}
        </button>
      </div>
      <div class="answers" role="group" aria-label={isTest ? "Or say what you saw" : "Your answer"}>
        <span class="group-label">{isTest ? "Or say what you saw:" : "Or answer yourself:"}</span>
        {step.answers.map((a) => (
          <button
            type="button"
            key={a.value}
            data-answer={a.value}
            disabled={act.busy}
            onClick={() => act.answer(a.value)}
          >
            {a.words}
          </button>
        ))}
      </div>
    </>
  );
}

function FixStep({ step, act }: { step: Fix; act: StepActions }) {
  const [confirming, setConfirming] = useState(false);
  const confirm = useConfirm(confirming, () => setConfirming(false));
  const later = step.plan.slice(1, 4);
  return (
    <>
      <h4>
        A fix:{" "}
        <span title={step.fix} data-fix={step.fix}>
          {idWords(step.fix).toLowerCase()}
        </span>{" "}
        <span class="muted">
          · about {minutes(step.minutes)} · chance it fixes the lock {percent(step.chance)}
        </span>
      </h4>
      <p class="step-text">{step.instructions}</p>
      <p class="muted step-why">{step.why}</p>
      {step.warning && !confirming && (
        <p class="step-warning" data-warning="">
          <strong>Warning:</strong> {step.warning}
        </p>
      )}
      {confirming ? (
        <div
          class="confirm"
          role="alertdialog"
          aria-labelledby={`confirm-${step.fix}`}
          aria-describedby={`confirm-${step.fix}-what`}
          onKeyDown={confirm.onKeyDown}
        >
          <p id={`confirm-${step.fix}`}>
            <strong>Erase the lock and set it up again?</strong>
          </p>
          <p id={`confirm-${step.fix}-what`} data-warning="">
            {step.warning}
          </p>
          <div class="step-actions">
            <button
              type="button"
              class="danger"
              data-action="confirm"
              disabled={act.busy}
              onClick={() => {
                setConfirming(false);
                act.doIt(true);
              }}
            >
              Yes, erase and reset the lock
            </button>
            <button
              type="button"
              ref={confirm.safeRef}
              data-action="cancel"
              onClick={() => setConfirming(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="step-actions">
          <button
            type="button"
            class="primary"
            ref={confirm.openerRef}
            data-action="do"
            disabled={act.busy}
            onClick={() => (step.warning ? setConfirming(true) : act.doIt())}
          >
            Apply this fix to the lock
          </button>
        </div>
      )}
      <div class="answers" role="group" aria-label="Or, if you did it yourself">
        <span class="group-label">Or, if you did it yourself:</span>
        <button type="button" disabled={act.busy} onClick={() => act.reportFix("works")}>
          It works now
        </button>
        <button type="button" disabled={act.busy} onClick={() => act.reportFix("not-working")}>
          Still not working
        </button>
        <button type="button" disabled={act.busy} onClick={() => act.reportFix("not-possible")}>
          I could not do it
        </button>
      </div>
      {later.length > 0 && (
        <p class="muted plan">
          If it does not help, next:{" "}
          {later.map((p, i) => (
            <span key={p.fix}>
              {i > 0 ? ", " : ""}
              <span title={p.fix}>{idWords(p.fix).toLowerCase()}</span> ({percent(p.chance)},{" "}
              {minutes(p.minutes)})
            </span>
          ))}
        </p>
      )}
    </>
  );
}

function DoneStep({ session }: { session: DoctorSession }) {
  const step = session.step;
  if (step.kind !== "done") return null;
  if (step.outcome === "fixed") {
    return (
      <div class="doctor-done" data-outcome="fixed">
        <h4>Fixed: the lock works again</h4>
        <p>
          {plural(session.steps, "step", "steps")}, about {minutes(session.minutes)} spent.
        </p>
      </div>
    );
  }
  return (
    <div class="doctor-done" data-outcome="gave-up">
      <h4>Nothing left to try</h4>
      <p>{step.why}</p>
    </div>
  );
}

function StepLog({ session }: { session: DoctorSession }) {
  if (session.log.length === 0) return null;
  return (
    <>
      <h4>Steps so far</h4>
      <ol class="doctor-log">
        {session.log.map((e, i) => (
          <li key={i} data-log-kind={e.kind} data-log-id={e.id}>
            <span class="muted">{e.kind === "fix" ? "Fix" : e.kind === "test" ? "Test" : "Question"}:</span>{" "}
            {e.text} → <strong>{e.outcome}</strong>{" "}
            <span class="muted">
              ({e.by === "lock" ? "done on the lock" : "you said"}, {minutes(e.minutes)})
            </span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The next step in one sentence, for screen readers after each change. */
function stepSummary(session: DoctorSession): string {
  const step = session.step;
  if (step.kind === "done")
    return step.outcome === "fixed"
      ? `Fixed: the lock works again after ${plural(session.steps, "step", "steps")}, about ${minutes(session.minutes)}.`
      : step.why;
  if (step.kind === "fix")
    return `Next, a fix: ${step.instructions}${step.warning ? ` Warning: ${step.warning}` : ""}`;
  return `Next, ${step.kind === "test" ? "a test" : "a question"}: ${step.question}`;
}

// ---- starting ----

function StartForm(props: {
  lock: TroubleshootLock;
  symptom?: string | undefined;
  onStarted: (s: DoctorSession) => void;
}) {
  const { lock, onStarted } = props;
  const symptoms = useSymptoms();
  const [symptom, setSymptom] = useState<string>("");
  // A symptom chosen for the person (the app's alert) is taken once the list has it.
  useEffect(() => {
    if (props.symptom && symptoms.some((s) => s.id === props.symptom)) setSymptom(props.symptom);
  }, [props.symptom, symptoms]);
  const [telemetry, setTelemetry] = useState(true);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const start = (e: Event) => {
    e.preventDefault();
    if (!symptom) return;
    setBusy(true);
    api
      .doctorStart(lock.id, { symptom, telemetry, ...(code ? { code } : {}) })
      .then(onStarted, () => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <form class="doctor-start" onSubmit={start}>
      <fieldset class="symptoms">
        <legend>What is wrong?</legend>
        {symptoms.map((s) => (
          <label key={s.id} class={`symptom${symptom === s.id ? " is-chosen" : ""}`}>
            <input
              type="radio"
              name={`symptom-${lock.id}`}
              value={s.id}
              data-symptom={s.id}
              checked={symptom === s.id}
              onChange={() => setSymptom(s.id)}
            />
            {s.says}
          </label>
        ))}
      </fieldset>
      <div class="doctor-options">
        <label class="check">
          <input
            type="checkbox"
            checked={telemetry}
            onChange={(e) => setTelemetry(e.currentTarget.checked)}
          />
          Use what the lock reports about itself (telemetry and history)
        </label>
        <p class="muted hint">
          The lock reports its last try: press Lock or type your code once before you start, so it has seen
          what goes wrong.
        </p>
        <label class="inline-field">
          Your user code (so the simulated person can try the lock; leave empty if the lock was made with it)
          <input
            inputMode="numeric"
            pattern="[0-9]*"
            maxLength={10}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value.replace(/[^0-9]/g, ""))}
          />
        </label>
        <button type="submit" class="primary" disabled={!symptom || busy}>
          Start troubleshooting
        </button>
      </div>
    </form>
  );
}

// ---- the panel ----

export function TroubleshooterPanel(props: {
  lock: TroubleshootLock;
  /** Open from the start (the companion app's troubleshooter page). */
  startOpen?: boolean;
  /** The symptom chosen in the start form, when known (an alert that maps to one). */
  symptom?: string | undefined;
}) {
  const { lock } = props;
  const [open, setOpen] = useState(props.startOpen ?? false);
  const [session, setSession] = useState<DoctorSession | null>(null);
  const [busy, setBusy] = useState(false);

  // A session the server already has (a reload, another tab) opens the panel on it.
  useEffect(() => {
    let live = true;
    api.doctor(lock.id).then(
      (s) => {
        if (!live || !s) return;
        setSession(s);
        setOpen(true);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [lock.id]);

  // The button pressed is disabled while the server works and then replaced by the next step's,
  // so the keyboard's focus fell to the page's top after every step (and after Start): a
  // keyboard user had to tab back through the whole page. After a step this page took, the
  // focus goes to the new step's heading, unless the person has moved it somewhere else.
  const stepRef = useRef<HTMLDivElement>(null);
  const acted = useRef(false);
  const stepKey = session ? `${session.steps}-${session.step.kind}-${session.status}` : "";
  useEffect(() => {
    if (!acted.current || !session || busy) return;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    acted.current = false;
    const heading = stepRef.current?.querySelector<HTMLElement>("h4");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [stepKey, busy]);
  const started = (s: DoctorSession) => {
    acted.current = true;
    setSession(s);
  };
  const run = (p: Promise<DoctorSession>) => {
    acted.current = true;
    setBusy(true);
    p.then(setSession, () => undefined).finally(() => setBusy(false));
  };
  const end = () => {
    if (session) void api.doctorEnd(lock.id).catch(() => undefined);
    setSession(null);
  };

  const step = session?.step;
  const act: StepActions = {
    busy,
    answer: (value) => {
      if (step && (step.kind === "question" || step.kind === "test"))
        run(api.doctorAnswer(lock.id, { observation: step.observation, value }));
    },
    doIt: (confirmErase) => {
      if (!step) return;
      if (step.kind === "fix")
        run(api.doctorDo(lock.id, { fix: step.fix, ...(confirmErase ? { confirmErase: true } : {}) }));
      else if (step.kind !== "done") run(api.doctorDo(lock.id, { observation: step.observation }));
    },
    reportFix: (result) => {
      if (step?.kind === "fix") run(api.doctorAnswer(lock.id, { fix: step.fix, result }));
    },
  };

  return (
    <section
      class="panel troubleshooter"
      aria-labelledby={`${lock.id}-doctor`}
      data-doctor-status={session?.status ?? "none"}
    >
      <div class="panel-head">
        <h3 id={`${lock.id}-doctor`}>Troubleshooter</h3>
        <div class="panel-tools">
          {open && session && (
            <button type="button" class="quiet" onClick={end}>
              {session.status === "working" ? "End the session" : "Start again"}
            </button>
          )}
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`${lock.id}-doctor-body`}
            onClick={() => setOpen(!open)}
          >
            {open ? "Close the troubleshooter" : "Troubleshoot this lock"}
          </button>
        </div>
      </div>
      {!open && (
        <p class="muted">
          Something wrong with the lock? Pick what you notice; the troubleshooter ranks the causes and leads
          you to the cheapest fix, step by step, on this simulated lock.
        </p>
      )}
      {open && (
        <div id={`${lock.id}-doctor-body`}>
          {!session ? (
            <StartForm lock={lock} symptom={props.symptom} onStarted={started} />
          ) : (
            <div class="doctor" aria-busy={busy}>
              <div class="doctor-ranking">
                <p class="doctor-symptom">
                  You said: <q>{session.symptom.says}</q>{" "}
                  <span class="muted">
                    {session.telemetry ? "· with the lock's telemetry" : "· without the lock's telemetry"}
                  </span>
                </p>
                <CauseChart session={session} />
                <p class="doctor-explanation">{session.explanation}</p>
                {!session.knowsCode && (
                  <p class="reason">
                    The simulated person knows no user code for this lock, so it cannot check the lock works
                    with one. Start again with your code.
                  </p>
                )}
              </div>
              <p class="sr-only" aria-live="polite">
                {session.explanation} {stepSummary(session)}
              </p>
              <div class="doctor-step" data-step-kind={session.step.kind} ref={stepRef}>
                {session.step.kind === "done" ? (
                  <DoneStep session={session} />
                ) : session.step.kind === "fix" ? (
                  <FixStep key={`${session.steps}-${session.step.fix}`} step={session.step} act={act} />
                ) : (
                  <AskStep step={session.step} act={act} />
                )}
                <StepLog session={session} />
              </div>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
