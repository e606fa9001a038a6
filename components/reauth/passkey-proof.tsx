"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useState } from "react";
import { FormError } from "@/components/ui/field";
import { confirmIdentityAction, reauthPasskeyOptionsAction } from "./actions";
import { ProofButtons, type ProofProps } from "./field-proof";

/**
 * Confirm with one of the person's passkeys: a challenge made for them and for this purpose,
 * signed by their device, checked and used up on the server (lib/dal/sudo.ts).
 */
export function PasskeyProof({ onConfirmed, onCancel, onFormError, header, footer }: ProofProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string>();

  async function usePasskey() {
    setPending(true);
    setError(undefined);
    onFormError(undefined);
    try {
      const started = await reauthPasskeyOptionsAction();
      if (!started.ok) return setError(started.error);
      let response;
      try {
        response = await startAuthentication({ optionsJSON: started.options });
      } catch {
        return setError("The passkey request was cancelled or timed out. Try again, or use another way to confirm.");
      }
      const result = await confirmIdentityAction({ passkey: { challengeId: started.challengeId, response } });
      if (result.ok) return onConfirmed();
      if (result.fieldErrors?.passkey) setError(result.fieldErrors.passkey);
      else onFormError(result.error);
    } catch {
      onFormError("Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div>
      <div className="space-y-4 p-6">
        {header}
        <p className="text-sm text-slate-700">Use your fingerprint, face, device PIN or security key.</p>
        <FormError message={error} />
        {footer}
      </div>
      <ProofButtons pending={pending} onCancel={onCancel} confirm="Use a passkey" pendingLabel="Waiting for your device…" onConfirm={usePasskey} />
    </div>
  );
}
