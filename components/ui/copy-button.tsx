"use client";

import { useState, type Ref } from "react";
import { copyText } from "@/components/copy-text";
import { notifyError, notifySuccess } from "./action-toast";
import { Button } from "./button";
import { cn } from "./cn";

type Props = {
  text: string;
  /** What is copied, for the button's accessible name and the toast: "API key", "ID". */
  what: string;
  onCopied?: () => void;
  variant?: "primary" | "secondary" | "ghost";
  /** A small icon button (beside an ID) instead of a labelled one. */
  compact?: boolean;
  className?: string;
  ref?: Ref<HTMLButtonElement>;
};

/** Copies `text`, says so (toast and live region), and shows "Copied" for a moment. */
export function CopyButton({ text, what, onCopied, variant = "secondary", compact = false, className, ref }: Props) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    if (await copyText(text)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
      notifySuccess(`${what} copied to clipboard.`);
      onCopied?.();
    } else {
      notifyError("Could not copy. Select the text and copy it by hand.");
    }
  }
  if (compact) {
    return (
      <button
        ref={ref}
        type="button"
        onClick={copy}
        aria-label={`Copy ${what}`}
        className={cn("inline-flex size-7 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600", className)}
      >
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className="size-4" aria-hidden>
          {copied ? <path d="m5 12 5 5 9-10" /> : <path d="M8 8V5a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1h-3M5 8h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1Z" />}
        </svg>
      </button>
    );
  }
  return (
    <Button ref={ref} variant={variant} onClick={copy} aria-label={`Copy ${what}`} className={className}>
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/** An ID in monospace with its copy button. */
export function CopyableId({ value, what = "ID", className }: { value: string; what?: string; className?: string }) {
  return (
    <span className={cn("inline-flex max-w-full items-center gap-1", className)}>
      <code className="truncate font-mono text-xs text-slate-600">{value}</code>
      <CopyButton text={value} what={what} compact />
    </span>
  );
}
