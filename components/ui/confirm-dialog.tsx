"use client";

import { useRef, type ReactNode } from "react";
import { Button } from "./button";

type Props = {
  trigger: string;
  title: string;
  children: ReactNode;
  /** The confirming control: usually a form with a SubmitButton. */
  confirm: ReactNode;
  triggerVariant?: "danger" | "secondary";
};

/**
 * A modal confirmation on the native <dialog>: focus is trapped, Escape closes it and focus
 * returns to the trigger, all without a library.
 */
export function ConfirmDialog({ trigger, title, children, confirm, triggerVariant = "danger" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button variant={triggerVariant} onClick={() => ref.current?.showModal()}>
        {trigger}
      </Button>
      <dialog
        ref={ref}
        aria-labelledby="confirm-title"
        className="m-auto w-full max-w-md rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-3 p-6">
          <h2 id="confirm-title" className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{children}</div>
        </div>
        <div className="flex justify-end gap-3 rounded-b-lg bg-slate-50 px-6 py-4">
          <Button variant="secondary" onClick={() => ref.current?.close()} autoFocus>
            Cancel
          </Button>
          {confirm}
        </div>
      </dialog>
    </>
  );
}
