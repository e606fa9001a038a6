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

/** Confirm with the account's password. Wrong passwords are throttled on the server. */
export function PasswordProof({ onConfirmed, onCancel, onFormError, header, footer }: ProofProps) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    // The dialog sits outside every other form in the page, but stop the event anyway: a
    // confirmation must never submit what it interrupted.
    event.stopPropagation();
    if (!password) {
      setError("Enter your password.");
      input.current?.focus();
      return;
    }
    setPending(true);
    onFormError(undefined);
    try {
      const result = await confirmIdentityAction({ password });
      if (result.ok) {
        setPassword("");
        onConfirmed();
        return;
      }
      if (result.fieldErrors?.password) {
        setError(result.fieldErrors.password);
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
        <Field id="reauth-password" label="Password" error={error}>
          <Input
            ref={input}
            id="reauth-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            data-autofocus
            value={password}
            error={error}
            onChange={(event) => {
              setPassword(event.target.value);
              setError(undefined);
            }}
          />
        </Field>
        {footer}
      </div>
      <div className="flex flex-wrap justify-end gap-3 rounded-b-lg bg-slate-50 px-6 py-4">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending} aria-disabled={pending}>
          {pending ? (
            <>
              <span className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />
              Confirming…
            </>
          ) : (
            "Confirm"
          )}
        </Button>
      </div>
    </form>
  );
}
