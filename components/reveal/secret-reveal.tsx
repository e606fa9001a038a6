"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { focusPageHeading } from "@/components/ui/focus";
import { announce } from "@/components/ui/live-region";
import { useLeaveGuard, type PendingExit } from "./use-leave-guard";

type Props = {
  /** "Your new API key", "Signing secret". */
  title: string;
  /** What it is, in the button's name and the toasts: "API key", "signing secret". */
  what: string;
  secret: string;
  /** Where to put it, said above it. */
  instruction: string;
  /** What losing it means, said when someone tries to leave before copying. */
  lostMeans: string;
  testId: string;
  /** Called when the reveal closes (Done); the caller forgets the secret. */
  onDone: () => void;
  /** More to copy under the secret (a curl command that uses it). */
  children?: ReactNode;
};

/**
 * The one reveal for every secret Latchkey shows once (a new or rolled API key, a webhook
 * signing secret). Focus starts on Copy. Until the secret is copied, every way out asks
 * first: Done, any link (menu, breadcrumb, logo), browser Back, reload and closing the tab.
 */
export function SecretReveal({ title, what, secret, instruction, lostMeans, testId, onDone, children }: Props) {
  const [copied, setCopied] = useState(false);
  const [closing, setClosing] = useState(false);
  const guard = useLeaveGuard(!copied && !closing);
  const copyButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const pending: PendingExit | null = guard.pending;

  useEffect(() => {
    copyButton.current?.focus();
    announce(`${title}. ${instruction}`);
  }, [title, instruction]);

  useEffect(() => {
    if (pending && !dialog.current?.open) dialog.current?.showModal();
  }, [pending]);

  const close = () => {
    setClosing(true);
    onDone();
    // The reveal, and the Done button that had focus, are gone: continue from the page's heading.
    focusPageHeading();
    announce(`The ${what} is hidden. It will not be shown again.`);
  };
  const done = () => (copied ? close() : guard.ask({ kind: "done" }));
  const stay = () => {
    dialog.current?.close();
    guard.stay();
    copyButton.current?.focus();
  };
  const leave = () => {
    dialog.current?.close();
    if (!pending || pending.kind === "done") {
      guard.stay();
      close();
      return;
    }
    guard.leave(pending);
  };

  return (
    <section aria-labelledby={`${testId}-title`} className="space-y-4 rounded-lg bg-emerald-50 p-5 ring-1 ring-emerald-200">
      <div>
        <h2 id={`${testId}-title`} className="text-base font-semibold text-emerald-900">{title}</h2>
        <p className="mt-1 text-sm font-medium text-amber-900" role="note">{instruction}</p>
      </div>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code data-testid={testId} className="min-w-0 flex-1 rounded-md bg-white px-3 py-2 font-mono text-sm break-all text-slate-900 ring-1 ring-emerald-200">
          {secret}
        </code>
        <CopyButton ref={copyButton} variant="primary" text={secret} what={what.charAt(0).toUpperCase() + what.slice(1)} onCopied={() => setCopied(true)} />
      </div>
      {children}
      <div className="flex justify-end">
        <Button variant="secondary" onClick={done}>Done</Button>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby={`${testId}-leave-title`}
        onCancel={(event) => { event.preventDefault(); stay(); }}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg bg-white p-6 text-left shadow-xl backdrop:bg-black/50"
      >
        <h2 id={`${testId}-leave-title`} className="text-lg font-semibold text-slate-900">You have not copied the {what}</h2>
        <p className="mt-2 text-sm text-slate-600">{lostMeans}</p>
        <div className="mt-5 flex flex-wrap justify-end gap-3">
          <Button variant="secondary" onClick={stay} autoFocus>Go back</Button>
          <Button variant="danger" onClick={leave}>{pending?.kind === "done" ? "Close without copying" : "Leave without copying"}</Button>
        </div>
      </dialog>
    </section>
  );
}
