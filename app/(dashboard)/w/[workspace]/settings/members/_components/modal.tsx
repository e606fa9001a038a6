"use client";

import { useId, useImperativeHandle, useRef, type ReactNode, type Ref, type SyntheticEvent } from "react";
import type { DialogHandle } from "@/components/ui/confirm-dialog";

type Props = {
  title: string;
  children: ReactNode;
  handle: Ref<DialogHandle>;
  /** After it closed, however (Escape, Cancel, Done): the caller forgets what it showed. */
  onClose?: () => void;
  /** Escape is ignored while this is true (a link not yet copied: Done asks first). */
  holdEscape?: boolean;
};

/**
 * A modal for a form or a one-time link, on the native <dialog> as ConfirmDialog is (focus is
 * trapped, Escape closes it and focus returns to what opened it) and the same size rules: at
 * most the screen's height, scrolling inside, so it fits a phone. Focus starts on the element
 * marked data-autofocus.
 */
export function Modal({ title, children, handle, onClose, holdEscape = false }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useImperativeHandle(handle, () => ({
    open: () => {
      const dialog = ref.current;
      if (!dialog || dialog.open) return;
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    },
    close: () => ref.current?.close(),
  }));
  const onCancel = (event: SyntheticEvent) => {
    if (holdEscape) event.preventDefault();
  };
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={onCancel}
      onClose={onClose}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto rounded-lg bg-white p-0 text-left shadow-xl backdrop:bg-black/50"
    >
      <div className="space-y-4 p-6">
        <h2 id={titleId} className="text-lg font-semibold break-words text-slate-900">{title}</h2>
        {children}
      </div>
    </dialog>
  );
}
