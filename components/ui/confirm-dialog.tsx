"use client";

import { useRef, type ReactNode } from "react";
import { Button } from "./button";

type Props = {
  trigger: string;
  title: string;
  children: ReactNode;
  /** The confirming control, usually a SubmitButton. */
  confirm: ReactNode;
  /** When set, body and buttons form one <form> posting to this action. */
  action?: (form: FormData) => void;
  triggerVariant?: "danger" | "secondary";
};

/**
 * A modal confirmation on the native <dialog>: focus is trapped, Escape closes it and focus
 * returns to the trigger, all without a library.
 */
export function ConfirmDialog({ trigger, title, children, confirm, action, triggerVariant = "danger" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `dialog-${title.replace(/\W+/g, "-").toLowerCase()}`;
  const content = (
    <>
      <div className="space-y-3 p-6">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
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
    </>
  );
  return (
    <>
      <Button variant={triggerVariant} onClick={() => ref.current?.showModal()}>
        {trigger}
      </Button>
      <dialog ref={ref} aria-labelledby={titleId} className="m-auto w-full max-w-md rounded-lg bg-white p-0 shadow-xl backdrop:bg-slate-900/40">
        {action ? <form action={action}>{content}</form> : content}
      </dialog>
    </>
  );
}
