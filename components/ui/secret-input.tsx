"use client";

import { useState, type ComponentProps } from "react";
import { Input } from "./field";

/**
 * A password-style input with an eye toggle. It can only reveal what is being typed: stored
 * secrets never reach the browser, so an edit form starts empty ("leave empty to keep").
 */
export function SecretInput({ label, ...props }: ComponentProps<typeof Input> & { label: string }) {
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <Input {...props} type={shown ? "text" : "password"} autoComplete="off" spellCheck={false} className="pr-10 font-mono" />
      <button
        type="button"
        onClick={() => setShown((s) => !s)}
        aria-label={shown ? `Hide ${label}` : `Show ${label}`}
        aria-pressed={shown}
        className="absolute inset-y-0 right-0 flex items-center px-3 text-slate-500 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" className="size-4" aria-hidden>
          <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
          <circle cx="12" cy="12" r="3" />
          {shown && <path d="m3 3 18 18" />}
        </svg>
      </button>
    </div>
  );
}
