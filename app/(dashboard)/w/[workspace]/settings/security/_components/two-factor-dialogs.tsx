"use client";

import { useEffect, useRef, useState } from "react";
import { toastResult } from "@/components/ui/action-toast";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { Field, FormError, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { formErrorOf, type ActionResult } from "@/lib/action-result";
import { disableTwoFactorAction, regenerateBackupCodesAction } from "../actions";

/** A failed answer's errors in a dialog's form, and focus on the field to fix after each. */
function useDialogResult() {
  const [result, setResult] = useState<ActionResult | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (result && !result.ok) field.current?.focus();
  }, [result]);
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return { result, setResult, field, errors, formError: formErrorOf(result) };
}

/** Turn two-factor off, proven with a code from the app, a backup code, or the password. */
export function TurnOffDialog() {
  const handle = useRef<DialogHandle>(null);
  const [method, setMethod] = useState("code");
  const { setResult, field, errors, formError } = useDialogResult();
  async function turnOff(form: FormData) {
    const outcome = await disableTwoFactorAction(null, form);
    setResult(outcome);
    if (outcome.ok) {
      toastResult(outcome);
      handle.current?.close();
    }
  }
  return (
    <ConfirmDialog
      handle={handle}
      trigger="Turn off"
      title="Turn off two-factor sign-in?"
      action={turnOff}
      confirm={<SubmitButton variant="danger" pendingText="Turning off…">Turn off two-factor</SubmitButton>}
    >
      <div className="space-y-4">
        <p>Sign-in will ask only for your password, and your backup codes stop working. Confirm it is you:</p>
        <FormError message={formError} />
        <ChoiceGroup
          legend="Confirm with"
          name="method"
          value={method}
          onChange={(value) => {
            setMethod(value);
            setResult(null);
          }}
          options={[
            { value: "code", label: "A code" },
            { value: "password", label: "Your password" },
          ]}
        />
        {method === "code" ? (
          <Field id="off-code" label="Code from your app, or a backup code" error={errors.code}>
            <Input ref={field} id="off-code" name="code" autoComplete="one-time-code" maxLength={24} required error={errors.code} data-autofocus className="font-mono" />
          </Field>
        ) : (
          <Field id="off-password" label="Password" error={errors.password}>
            <Input ref={field} id="off-password" name="password" type="password" autoComplete="current-password" required error={errors.password} data-autofocus />
          </Field>
        )}
      </div>
    </ConfirmDialog>
  );
}

/** New backup codes (the old ones stop working), for a code from the app. */
export function RegenerateCodesDialog({ onRenewed }: { onRenewed: (codes: string[]) => void }) {
  const handle = useRef<DialogHandle>(null);
  const { setResult, field, errors, formError } = useDialogResult();
  async function renew(form: FormData) {
    const outcome = await regenerateBackupCodesAction(null, form);
    setResult(outcome);
    if (outcome.ok) {
      toastResult(outcome);
      handle.current?.close();
      onRenewed(outcome.backupCodes);
    }
  }
  return (
    <ConfirmDialog
      handle={handle}
      trigger="Make new backup codes"
      triggerVariant="secondary"
      title="Make new backup codes?"
      action={renew}
      confirm={<SubmitButton pendingText="Making codes…">Make new codes</SubmitButton>}
    >
      <div className="space-y-4">
        <p>You get ten new codes, shown once. Every code you have now stops working.</p>
        <FormError message={formError} />
        <Field id="renew-code" label="Code from your authenticator app" error={errors.code}>
          <Input ref={field} id="renew-code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required error={errors.code} data-autofocus className="font-mono" />
        </Field>
      </div>
    </ConfirmDialog>
  );
}
