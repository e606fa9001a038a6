"use client";

import { useId, useImperativeHandle, useRef, type ReactNode, type Ref } from "react";
import { Button } from "./button";

export type DialogHandle = { open: () => void; close: () => void };

type Props = {
  /** The button that opens it; leave out when something else opens it through `handle`. */
  trigger?: string;
  title: string;
  children: ReactNode;
  /** The confirming control, usually a SubmitButton. */
  confirm: ReactNode;
  /** When set, body and buttons form one <form> posting to this action. */
  action?: (form: FormData) => void;
  triggerVariant?: "danger" | "secondary";
  /** Opens and closes it from elsewhere (a row's menu). */
  handle?: Ref<DialogHandle>;
};

/** Moves focus to the element marked data-autofocus (a choice to make), else to Cancel. */
function focusInitial(dialog: HTMLDialogElement) {
  (dialog.querySelector<HTMLElement>("[data-autofocus]") ?? dialog.querySelector<HTMLElement>("[data-cancel]"))?.focus();
}

/**
 * A modal confirmation on the native <dialog>: focus is trapped, Escape closes it and focus
 * returns to what opened it, all without a library. It fits a phone: at most the screen's
 * height, scrolling inside, with the buttons wrapping rather than leaving the screen.
 */
export function ConfirmDialog({ trigger, title, children, confirm, action, triggerVariant = "danger", handle }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const open = () => {
    const dialog = ref.current;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    focusInitial(dialog);
  };
  useImperativeHandle(handle, () => ({ open, close: () => ref.current?.close() }));
  const content = (
    <>
      <div className="space-y-3 p-6">
        <h2 id={titleId} className="text-lg font-semibold break-words text-slate-900">
          {title}
        </h2>
        <div className="text-sm text-slate-600">{children}</div>
      </div>
      <div className="flex flex-wrap justify-end gap-3 rounded-b-lg bg-slate-50 px-6 py-4">
        <Button variant="secondary" onClick={() => ref.current?.close()} data-cancel>
          Cancel
        </Button>
        {confirm}
      </div>
    </>
  );
  return (
    <>
      {trigger && (
        <Button variant={triggerVariant} onClick={open}>
          {trigger}
        </Button>
      )}
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md overflow-y-auto rounded-lg bg-white p-0 text-left shadow-xl backdrop:bg-black/50"
      >
        {action ? <form action={action}>{content}</form> : content}
      </dialog>
    </>
  );
}
