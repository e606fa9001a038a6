"use client";

import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { copyText } from "@/components/copy-text";
import { forgetSecret, peekSecret } from "@/components/reveal-store";


/**
 * The one-time reveal. The secret comes from this tab's memory (see reveal-store.ts) and is
 * removed from it on first render, so a reload, Back or a later visit shows nothing.
 */
export function OneTimeSecret({ sid }: { sid: string }) {
  const [secret, setSecret] = useState(() => peekSecret(sid));
  const [copied, setCopied] = useState(false);
  const doneDialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    forgetSecret(sid);
  }, [sid]);

  // Leaving the page before copying loses the key for good: ask first.
  useEffect(() => {
    if (!secret || copied) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [secret, copied]);

  if (!secret) return null;

  // Only ever rendered in the browser: the server has no secret to render.
  const curl = `curl -H "Authorization: ApiKey ${secret}" ${window.location.origin}/api/v1/me`;
  const copy = async (text: string, what: string, isKey: boolean) => {
    if (await copyText(text)) {
      if (isKey) setCopied(true);
      toast.success(`${what} copied to clipboard.`);
    } else {
      toast.error("Could not copy. Select the text and copy it by hand.");
    }
  };
  const done = () => (copied ? setSecret(null) : doneDialog.current?.showModal());

  return (
    <section aria-labelledby="secret-title" className="space-y-4 rounded-lg bg-emerald-50 p-5 ring-1 ring-emerald-200">
      <div>
        <h2 id="secret-title" className="text-base font-semibold text-emerald-900">Your new API key</h2>
        <p className="mt-1 text-sm font-medium text-amber-800" role="note">
          Copy it now and store it somewhere safe. The key will not be displayed again.
        </p>
      </div>
      <div className="flex items-center gap-2">
        <code data-testid="secret" className="min-w-0 flex-1 truncate rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-emerald-200">
          {secret}
        </code>
        <Button onClick={() => copy(secret, "API key", true)} aria-label="Copy API key">
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div>
        <p className="text-sm font-medium text-emerald-900">Try it</p>
        <div className="mt-1 flex items-start gap-2">
          <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">{curl}</pre>
          <Button variant="secondary" onClick={() => copy(curl, "Command", false)} aria-label="Copy curl command">
            Copy
          </Button>
        </div>
      </div>
      <div className="flex justify-end">
        <Button variant="secondary" onClick={done}>Done</Button>
      </div>
      <dialog ref={doneDialog} aria-labelledby="done-title" className="m-auto max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id="done-title" className="text-lg font-semibold text-slate-900">You have not copied the key</h2>
        <p className="mt-2 text-sm text-slate-600">The key will not be displayed again. If you close it now you will have to create a new key.</p>
        <div className="mt-5 flex justify-end gap-3">
          <Button variant="secondary" onClick={() => doneDialog.current?.close()} autoFocus>Go back</Button>
          <Button variant="danger" onClick={() => setSecret(null)}>Close without copying</Button>
        </div>
      </dialog>
    </section>
  );
}
