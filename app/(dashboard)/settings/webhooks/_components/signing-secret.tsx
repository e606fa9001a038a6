"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { forgetSecret, peekSecret } from "@/components/reveal-store";
import { toastResult } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { rollSecretAction } from "../actions";
import { revealKey } from "./webhook-form";
import { copyText } from "@/components/copy-text";

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
  async function copy(text: string) {
    if (await copyText(text)) toast.success("Signing secret copied to clipboard.");
    else toast.error("Could not copy. Select the text and copy it by hand.");
  }

  if (secret) {
    return (
      <section aria-labelledby="signing-secret-title" className="space-y-3 rounded-lg bg-emerald-50 p-5 ring-1 ring-emerald-200">
        <h2 id="signing-secret-title" className="text-base font-semibold text-emerald-900">Signing secret</h2>
        <p role="note" className="text-sm font-medium text-amber-800">Copy it now into your receiver’s configuration. The secret will not be displayed again.</p>
        <div className="flex items-center gap-2">
          <code data-testid="signing-secret" className="min-w-0 flex-1 truncate rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-emerald-200">{secret}</code>
          <Button onClick={() => copy(secret)} aria-label="Copy signing secret">Copy</Button>
        </div>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => setSecret(null)}>Done</Button>
        </div>
      </section>
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
