// The lock as a Matter node (issue 12, docs/matter.md): make it one, and what a person
// needs to pair a controller with it — the QR code to scan, the manual code to type, and
// whether a controller has commissioned it. Without a radio a lock cannot be a node.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { LockSnapshot, MatterPairing } from "../api-types.ts";

/** While the lock is a node, the page asks again this often (a controller may commission it, a factory reset may drop it). */
const POLL_MS = 3_000;

type MatterState =
  | { kind: "loading" }
  | { kind: "off" }
  | { kind: "on"; info: MatterPairing }
  | { kind: "error"; message: string };

/** The manual code as controllers print it: 4-3-4 digits. */
function groupedCode(code: string): string {
  return code.length === 11 ? `${code.slice(0, 4)}-${code.slice(4, 7)}-${code.slice(7)}` : code;
}

export function MatterPanel({ lock }: { lock: LockSnapshot }) {
  const hasRadio = lock.profile.radio !== null;
  const [state, setState] = useState<MatterState>({ kind: "loading" });
  const [busy, setBusy] = useState(false);
  const id = lock.id;

  useEffect(() => {
    if (!hasRadio) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // No polling while the tab is hidden: it waits, and asks again once shown.
    const load = (): void => {
      if (document.visibilityState === "hidden") {
        timer = setTimeout(load, POLL_MS);
        return;
      }
      api.matter(id).then(
        (info) => {
          if (!live) return;
          setState(info ? { kind: "on", info } : { kind: "off" });
          if (info) timer = setTimeout(load, POLL_MS);
        },
        (e: unknown) => {
          if (live) setState({ kind: "error", message: String(e) });
        },
      );
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, hasRadio, state.kind]);

  const enable = () => {
    setBusy(true);
    api
      .matterEnable(id)
      .then((info) => setState({ kind: "on", info }))
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  const disable = () => {
    if (!confirm("Stop this lock being a Matter node? Every controller loses it; pairing again starts over."))
      return;
    setBusy(true);
    api
      .matterDisable(id)
      .then(() => setState({ kind: "off" }))
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };

  const matterAttr = !hasRadio ? "no-radio" : state.kind;
  return (
    <section
      class="panel matter"
      aria-labelledby={`${id}-matter`}
      data-matter={matterAttr}
      data-commissioned={state.kind === "on" ? String(state.info.commissioned) : undefined}
    >
      <h3 id={`${id}-matter`}>Matter</h3>
      {!hasRadio && (
        <p class="muted">
          {lock.profile.name} has no radio: nothing can reach it, so it cannot be a Matter node.
        </p>
      )}
      {hasRadio && state.kind === "loading" && <p class="muted">Asking the server…</p>}
      {hasRadio && state.kind === "error" && <p role="alert">{state.message}</p>}
      {hasRadio && state.kind === "off" && (
        <>
          <p>
            Not a Matter node. Make it one and any Matter controller (Home Assistant, Apple Home, Google Home,
            SmartThings) can pair it and lock, unlock and manage its codes.
          </p>
          <button type="button" onClick={enable} disabled={busy} data-action="matter-enable">
            {busy ? "Starting…" : "Make this lock a Matter node"}
          </button>
        </>
      )}
      {hasRadio && state.kind === "on" && (
        <>
          <div class="matter-pairing">
            <img
              src={api.matterQrUrl(id)}
              alt={`Matter pairing QR code (${state.info.qr_pairing_code})`}
              width={174}
              height={174}
              data-matter-qr
            />
            <dl class="status-grid">
              <div>
                <dt>Manual pairing code</dt>
                <dd data-matter-field="manual">{groupedCode(state.info.manual_pairing_code)}</dd>
              </div>
              <div>
                <dt>QR payload</dt>
                <dd data-matter-field="qr">
                  <code>{state.info.qr_pairing_code}</code>
                </dd>
              </div>
              <div>
                <dt>Commissioned</dt>
                <dd data-matter-field="commissioned">
                  {state.info.commissioned ? "yes, by a controller" : "not yet: waiting for a controller"}
                </dd>
              </div>
              <div>
                <dt>Passcode · discriminator · UDP port</dt>
                <dd data-matter-field="address">
                  {state.info.passcode} · {state.info.discriminator} · {state.info.port}
                </dd>
              </div>
            </dl>
          </div>
          <p class="muted">
            In the controller choose “add a Matter device”, then scan the code or type the manual code. The
            lock uses Matter test certificates: controllers warn that it is not certified (docs/matter.md).
          </p>
          <button type="button" class="quiet" onClick={disable} disabled={busy} data-action="matter-disable">
            Stop being a Matter node
          </button>
        </>
      )}
    </section>
  );
}
