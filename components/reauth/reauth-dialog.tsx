"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { PasswordProof, type ProofProps } from "./password-proof";

/**
 * The ways to confirm. "password" works for everyone; the authenticator app ("totp") and
 * passkeys ("passkey") join here with their own proof form each, and are offered as "Use your
 * authenticator app" and "Use a passkey". A backup code is never one of them.
 */
export type ReauthMethod = "password";

const PROOFS: Record<ReauthMethod, { offer: string; Form: (props: ProofProps) => React.ReactNode }> = {
  password: { offer: "Use your password", Form: PasswordProof },
};

type Props = { open: boolean; minutes: number; methods: ReauthMethod[]; onDone: (confirmed: boolean) => void };

/**
 * "Confirm it's you", on the native <dialog> like ConfirmDialog: modal (the page behind is
 * inert), focus starts in the proof's field, Escape or Cancel cancels, and focus returns to
 * what had it before (the button that sent the action). It opens above another open dialog.
 */
export function ReauthDialog({ open, minutes, methods, onDone }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descriptionId = useId();
  const [method, setMethod] = useState<ReauthMethod>(methods[0] ?? "password");
  const [formError, setFormError] = useState<string>();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setFormError(undefined);
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  // However it closes (Confirm, Cancel, Escape), focus goes back to what sent the action.
  const closed = () => {
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target?.isConnected) requestAnimationFrame(() => target.focus());
  };

  const { Form } = PROOFS[method];
  const others: ReauthMethod[] = methods.filter((m) => m !== method);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(event) => {
        // Escape: our state decides, so the dialog and the waiting action agree.
        event.preventDefault();
        onDone(false);
      }}
      onClose={closed}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md overflow-y-auto rounded-lg bg-white p-0 text-left shadow-xl backdrop:bg-black/50"
    >
      {open && (
        <Form
          key={method}
          onConfirmed={() => onDone(true)}
          onCancel={() => onDone(false)}
          onFormError={setFormError}
          header={
            <div className="space-y-3">
              <h2 id={titleId} className="text-lg font-semibold text-slate-900">
                Confirm it&apos;s you
              </h2>
              <p id={descriptionId} className="text-sm text-slate-600">
                This is a sensitive change. Confirm your identity to continue; you won&apos;t be asked again on this device for {minutes} minutes.
              </p>
              <FormError message={formError} />
            </div>
          }
          footer={
            others.length > 0 && (
              <div className="flex flex-col items-start gap-1 border-t border-slate-200 pt-3">
                {others.map((other) => (
                  <Button key={other} variant="ghost" className="px-0 text-indigo-700" onClick={() => setMethod(other)}>
                    {PROOFS[other].offer}
                  </Button>
                ))}
              </div>
            )
          }
        />
      )}
    </dialog>
  );
}
