// The phone app's corner of the page, on models with a radio: whether the lock is paired and in
// reach (the snapshot's `link`), pairing as the model's guide says (the profile's own words),
// and lock/unlock over the radio. Unlocking a door from afar asks first; a lock that cannot be
// reached or is not paired answers with its refusal, shown as the API gives it.
import { useState } from "preact/hooks";
import { api } from "../api-client.ts";
import type { LockSnapshot, PairingResult } from "../api-types.ts";
import { useConfirm } from "../use-confirm.ts";

type Account = PairingResult["pairing"];

const RADIO_WORDS = { zwave: "Z-Wave", wifi: "Wi-Fi", bluetooth: "Bluetooth" } as const;

export function PhoneApp({ lock }: { lock: LockSnapshot }) {
  const [confirmUnlock, setConfirmUnlock] = useState(false);
  const [busy, setBusy] = useState(false);
  const [account, setAccount] = useState<{ action: "pair" | "remove"; account: Account } | null>(null);
  const confirm = useConfirm(confirmUnlock, () => setConfirmUnlock(false));
  const radio = lock.link.radio;
  const pairing = lock.profile.pairing;
  if (radio === null || pairing === null) return null;
  const controller = radio === "zwave" ? "hub" : "app";
  const { paired, online } = lock.link;

  const doPairing = (action: "pair" | "remove") => {
    setBusy(true);
    setAccount(null);
    void api.pairing(lock.id, action).then((a) => {
      setBusy(false);
      if (a) setAccount({ action, account: a });
    });
  };

  return (
    <div
      class="control-group phone-app"
      role="group"
      aria-label="Phone app"
      data-paired={String(paired)}
      data-online={String(online)}
    >
      <span class="group-label">
        Phone app ({RADIO_WORDS[radio]}, through the {controller})
      </span>
      <p class="link-status" data-link-status="">
        <span class={`link-dot ${paired ? "is-paired" : "is-unpaired"}`} aria-hidden="true" />
        {paired ? `Paired with the ${controller}` : `Not paired with the ${controller}`}
        {" · "}
        {online ? "in reach" : paired ? "out of reach" : "the app cannot reach it"}
      </p>
      {!paired && (
        <div class="pairing-help" data-pairing-help="">
          <p>To pair it, as the {lock.profile.name}'s guide says:</p>
          <ol>
            <li>{capital(pairing.controllerStep)}.</li>
            <li>{capital(pairing.lockStep)}.</li>
          </ol>
          <button
            type="button"
            class="primary"
            data-action="pair"
            disabled={busy}
            onClick={() => doPairing("pair")}
          >
            {radio === "zwave"
              ? "Include it in the hub (I press button A)"
              : `Add it in the app (${RADIO_WORDS[radio]})`}
          </button>
        </div>
      )}
      {account && (
        <ol class="pairing-steps" data-pairing-steps={account.action} aria-label="What happened">
          {account.account.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      )}
      <div class="step-actions">
        <button type="button" onClick={() => void api.remote(lock.id, "lock")}>
          Lock from the app
        </button>
        <button
          type="button"
          ref={confirm.openerRef}
          aria-expanded={confirmUnlock}
          onClick={() => setConfirmUnlock(true)}
        >
          Unlock from the app
        </button>
        {paired && (
          <button
            type="button"
            class="quiet"
            data-action="unpair"
            disabled={busy}
            onClick={() => doPairing("remove")}
          >
            {radio === "zwave" ? "Exclude it from the hub" : "Remove it from the app"}
          </button>
        )}
      </div>
      {confirmUnlock && (
        <div
          class="confirm"
          role="alertdialog"
          aria-labelledby={`${lock.id}-unlock-q`}
          onKeyDown={confirm.onKeyDown}
        >
          <p id={`${lock.id}-unlock-q`}>
            <strong>Unlock {lock.name} from the app?</strong> The door is then open to anyone who is at it.
          </p>
          <div class="step-actions">
            <button
              type="button"
              class="danger"
              data-action="confirm-unlock"
              onClick={() => {
                setConfirmUnlock(false);
                void api.remote(lock.id, "unlock");
              }}
            >
              Yes, unlock
            </button>
            <button
              type="button"
              ref={confirm.safeRef}
              data-action="cancel-unlock"
              onClick={() => setConfirmUnlock(false)}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
