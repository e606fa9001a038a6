"use client";

import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, FormError, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useResultToast } from "@/components/ui/action-toast";
import { useActionFeedback } from "@/components/ui/use-focus-error";
import type { ActionResult } from "@/lib/action-result";
import { confirmTotpSetupAction } from "../actions";

type Setup = { secret: string; uri: string; qr: string };

/** Step two of turning two-factor on: scan or type the secret, then prove it with a code. */
export function TotpSetup({ setup, onConfirmed, onCancel }: { setup: Setup; onConfirmed: (codes: string[]) => void; onCancel: () => void }) {
  const [result, action] = useActionState<ActionResult<{ backupCodes: string[] }> | null, FormData>(confirmTotpSetupAction, null);
  const { form, errors, formError, clear } = useActionFeedback(result);
  const heading = useRef<HTMLHeadingElement>(null);
  useResultToast(result?.ok ? result : null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (result?.ok) onConfirmed(result.backupCodes);
  }, [result, onConfirmed]);
  const grouped = setup.secret.replace(/(.{4})(?=.)/g, "$1 ");
  return (
    <div className="space-y-5">
      <h3 ref={heading} tabIndex={-1} className="text-sm font-semibold text-slate-900 focus:outline-none">
        Set up your authenticator app
      </h3>
      <ol className="space-y-5 text-sm text-slate-700">
        <li className="space-y-3">
          <p>
            <span className="font-medium text-slate-900">1. Scan this QR code</span> with an authenticator app (1Password, Google Authenticator,
            Authy, Microsoft Authenticator…).
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server; nothing for the image optimiser to do */}
          <img src={setup.qr} alt="QR code to scan with your authenticator app" width={176} height={176} className="size-44 rounded-md bg-white p-1 ring-1 ring-slate-200" />
        </li>
        <li className="space-y-2">
          <p>
            <span className="font-medium text-slate-900">Or type this key</span> into the app (time-based, 6 digits):
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="totp-secret" className="rounded-md bg-slate-100 px-3 py-2 font-mono text-sm break-all text-slate-900">
              {grouped}
            </code>
            <CopyButton text={setup.secret} what="Setup key" />
          </div>
        </li>
        <li>
          <form ref={form} action={action} className="max-w-xs space-y-3" noValidate>
            <p>
              <span className="font-medium text-slate-900">2. Enter the 6-digit code</span> the app shows.
            </p>
            <FormError message={formError} />
            <Field id="setup-code" label="Code from the app" error={errors.code}>
              <Input
                id="setup-code"
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                placeholder="123456"
                className="font-mono tracking-widest"
                required
                error={errors.code}
                onChange={() => clear("code")}
              />
            </Field>
            <div className="flex flex-wrap gap-3">
              <SubmitButton pendingText="Checking…">Turn on</SubmitButton>
              <Button variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
