"use client";

import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { confirmIdentityAction } from "./actions";

/** What every proof form of the "Confirm it's you" dialog gets (reauth-dialog.tsx). */
export type ProofProps = {
  onConfirmed: () => void;
  onCancel: () => void;
  /** A failure no field explains (signed out, something went wrong). */
  onFormError: (message: string | undefined) => void;
  header: ReactNode;
  footer: ReactNode;
};

/** One typed proof: its field, and how its value becomes what confirmIdentityAction takes. */
type FieldSpec = {
  field: "password" | "totpCode";
  label: string;
  empty: string;
  input: Pick<React.InputHTMLAttributes<HTMLInputElement>, "type" | "autoComplete" | "inputMode" | "pattern" | "maxLength" | "spellCheck">;
  hint?: string;
};

/** A proof typed into one field (password, authenticator code). Wrong ones are throttled on the server. */
function FieldProof({ spec, onConfirmed, onCancel, onFormError, header, footer }: ProofProps & { spec: FieldSpec }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    // The dialog sits outside every other form in the page, but stop the event anyway: a
    // confirmation must never submit what it interrupted.
    event.stopPropagation();
    if (!value.trim()) {
      setError(spec.empty);
      input.current?.focus();
      return;
    }
    setPending(true);
    onFormError(undefined);
    try {
      const result = await confirmIdentityAction({ [spec.field]: value });
      if (result.ok) {
        setValue("");
        onConfirmed();
        return;
      }
      const fieldError = result.fieldErrors?.[spec.field];
      if (fieldError) {
        setError(fieldError);
        input.current?.focus();
      } else {
        onFormError(result.error);
      }
    } catch {
      onFormError("Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="space-y-4 p-6">
        {header}
        <Field id={`reauth-${spec.field}`} label={spec.label} error={error} hint={spec.hint}>
          <Input
            ref={input}
            id={`reauth-${spec.field}`}
            name={spec.field}
            {...spec.input}
            required
            data-autofocus
            value={value}
            error={error}
            onChange={(event) => {
              setValue(event.target.value);
              setError(undefined);
            }}
          />
        </Field>
        {footer}
      </div>
      <ProofButtons pending={pending} onCancel={onCancel} />
    </form>
  );
}

/** Cancel and Confirm, the same under every proof. */
export function ProofButtons({ pending, onCancel, confirm = "Confirm", pendingLabel = "Confirming…", onConfirm }: { pending: boolean; onCancel: () => void; confirm?: string; pendingLabel?: string; onConfirm?: () => void }) {
  return (
    <div className="flex flex-wrap justify-end gap-3 rounded-b-lg bg-slate-50 px-6 py-4">
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type={onConfirm ? "button" : "submit"} onClick={onConfirm} disabled={pending} aria-disabled={pending} data-autofocus={onConfirm ? true : undefined}>
        {pending ? (
          <>
            <span className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />
            {pendingLabel}
          </>
        ) : (
          confirm
        )}
      </Button>
    </div>
  );
}

const PASSWORD: FieldSpec = { field: "password", label: "Password", empty: "Enter your password.", input: { type: "password", autoComplete: "current-password" } };
const TOTP: FieldSpec = {
  field: "totpCode",
  label: "Authentication code",
  empty: "Enter the 6-digit code from your authenticator app.",
  input: { type: "text", autoComplete: "one-time-code", inputMode: "numeric", pattern: "[0-9 ]*", maxLength: 7, spellCheck: false },
  hint: "The 6-digit code your authenticator app shows for Latchkey. Backup codes can't be used here.",
};

/** Confirm with the account's password. */
export const PasswordProof = (props: ProofProps) => <FieldProof spec={PASSWORD} {...props} />;
/** Confirm with a code from the authenticator app (never a backup code). */
export const TotpProof = (props: ProofProps) => <FieldProof spec={TOTP} {...props} />;
