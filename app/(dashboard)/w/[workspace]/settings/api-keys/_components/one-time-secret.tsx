"use client";

import { useEffect, useState } from "react";
import { forgetSecret, peekSecret } from "@/components/reveal-store";
import { SecretReveal } from "@/components/reveal/secret-reveal";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * The one-time reveal of a new or rolled key. The secret comes from this tab's memory (see
 * reveal-store.ts) and is removed from it on first render, so a reload, Back or a later visit
 * shows nothing.
 */
export function OneTimeSecret({ sid }: { sid: string }) {
  const [secret, setSecret] = useState(() => peekSecret(sid));
  useEffect(() => {
    forgetSecret(sid);
  }, [sid]);
  if (!secret) return null;

  // Only ever rendered in the browser: the server has no secret to render.
  const curl = `curl -H "Authorization: ApiKey ${secret}" ${window.location.origin}/api/v1/me`;
  return (
    <SecretReveal
      title="Your new API key"
      what="API key"
      secret={secret}
      testId="secret"
      instruction="Copy it now and store it somewhere safe. The key will not be displayed again."
      lostMeans="The key will not be displayed again. If you leave now you will have to roll the key to get a new secret."
      onDone={() => setSecret(null)}
    >
      <div>
        <p className="text-sm font-medium text-emerald-900">Try it</p>
        <div className="mt-1 flex items-start gap-2">
          <pre tabIndex={0} aria-label="Example request" className="min-w-0 flex-1 overflow-x-auto rounded-md bg-code px-3 py-2 font-mono text-xs text-code-fg focus-visible:outline-2 focus-visible:outline-indigo-600">
            {curl}
          </pre>
          <CopyButton text={curl} what="curl command" />
        </div>
      </div>
    </SecretReveal>
  );
}
