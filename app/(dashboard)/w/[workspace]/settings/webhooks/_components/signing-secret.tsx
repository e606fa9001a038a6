"use client";

import { useEffect, useState } from "react";
import { forgetSecret, peekSecret } from "@/components/reveal-store";
import { toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { rollSecretAction } from "../actions";
import { revealKey } from "./webhook-form";
import { SecretReveal } from "@/components/reveal/secret-reveal";

/**
 * The signing secret: shown once, right after it is made (from this tab's memory), then only
 * its last 4 characters. Rolling makes a new one and shows it here, once.
 */
export function SigningSecret({ id, hint }: { id: string; hint: string }) {
  const [secret, setSecret] = useState(() => peekSecret(revealKey(id)));
  useEffect(() => {
    forgetSecret(revealKey(id));
  }, [id]);

  async function roll() {
    const result = await rollSecretAction(id);
    if (result.ok) setSecret(result.secret);
    toastResult(result);
  }
  if (secret) {
    return (
      <SecretReveal
        title="Signing secret"
        what="signing secret"
        secret={secret}
        testId="signing-secret"
        instruction="Copy it now into your receiver’s configuration. The secret will not be displayed again."
        lostMeans="The secret will not be displayed again. If you leave now you will have to roll it, and update your receiver, to verify calls."
        onDone={() => setSecret(null)}
      />
    );
  }
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div>
        <p className="text-sm font-medium text-slate-900">Signing secret</p>
        <p className="font-mono text-sm text-slate-600" aria-label={`Signing secret ending in ${hint}`}>whsec_••••••••{hint}</p>
      </div>
      <ConfirmDialog
        trigger="Roll secret"
        triggerVariant="secondary"
        title="Roll the signing secret?"
        action={roll}
        confirm={<SubmitButton variant="danger" pendingText="Rolling…">Roll secret</SubmitButton>}
      >
        Calls are signed with the new secret at once. Receivers still checking the old one will reject them until you update their configuration.
      </ConfirmDialog>
    </div>
  );
}
