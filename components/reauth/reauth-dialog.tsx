"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { ReauthMethod } from "@/lib/validation/reauth";
import { PasswordProof, TotpProof, type ProofProps } from "./field-proof";
import { PasskeyProof } from "./passkey-proof";

/**
 * The ways to confirm, each with its own proof form, offered strongest first (the person's
 * methods come from lib/dal/sudo.ts reauthMethods). A backup code is never one of them.
 */
const PROOFS: Record<ReauthMethod, { offer: string; Form: (props: ProofProps) => React.ReactNode }> = {
  passkey: { offer: "Use a passkey", Form: PasskeyProof },
  totp: { offer: "Use your authenticator app", Form: TotpProof },
  password: { offer: "Use your password", Form: PasswordProof },
};

/**
 * Focuses `target` as soon as it can take focus: a submit button is disabled until the action
 * it sent settles, a moment after the dialog closes. Gives up after about a second, or when the
 * element left the page (the action removed it) or focus went elsewhere meanwhile.
 */
function focusWhenReady(target: HTMLElement, frames = 60) {
  requestAnimationFrame(() => {
    if (!target.isConnected || document.activeElement === target) return;
    const elsewhere = document.activeElement && document.activeElement !== document.body;
    if (elsewhere) return;
    target.focus();
    if (document.activeElement !== target && frames > 0) focusWhenReady(target, frames - 1);
  });
}

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

  // The button that sent the action is usually disabled (pending) by the time this opens, which
  // takes focus from it: remember what last had focus outside this dialog instead.
  const lastFocused = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const remember = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement && !ref.current?.contains(event.target)) lastFocused.current = event.target;
    };
    document.addEventListener("focusin", remember);
    return () => document.removeEventListener("focusin", remember);
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const active = document.activeElement;
      returnFocus.current = active instanceof HTMLElement && active !== document.body ? active : lastFocused.current;
      setFormError(undefined);
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      // The next time it opens, it offers the strongest way again.
      setMethod(methods[0] ?? "password");
    }
  }, [open, methods]);

  // Switching to another way moves focus into its form.
  const switched = useRef(false);
  useEffect(() => {
    if (!switched.current) return;
    switched.current = false;
    ref.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
  }, [method]);

  // However it closes (Confirm, Cancel, Escape), focus goes back to what sent the action.
  const closed = () => {
    const target = returnFocus.current;
    returnFocus.current = null;
    if (target) focusWhenReady(target);
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
                  <Button
                    key={other}
                    variant="ghost"
                    className="px-0 text-indigo-700"
                    onClick={() => {
                      switched.current = true;
                      setFormError(undefined);
                      setMethod(other);
                    }}
                  >
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
