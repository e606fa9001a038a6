"use client";

import { browserSupportsWebAuthn, startAuthentication } from "@simplewebauthn/browser";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

const subscribeNever = () => () => {};

/**
 * "Use a passkey" (not "Sign in with…": the password form's "Sign in" button must stay the only
 * button by that name for the e2e helpers and for people using voice control): no email, no password. The server hands out a challenge
 * (POST /api/auth/passkey/options), the browser asks the authenticator for any passkey it holds
 * for this site, and the signed answer goes to next-auth's "passkey" provider (lib/auth.ts),
 * which verifies it and starts the session like a password sign-in.
 */
export function PasskeySignIn({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const supported = useSyncExternalStore(subscribeNever, browserSupportsWebAuthn, () => true);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function start() {
    setPending(true);
    setError(undefined);
    try {
      const answer = await fetch("/api/auth/passkey/options", { method: "POST", headers: { accept: "application/json" } });
      const body = (await answer.json().catch(() => null)) as { challengeId?: string; options?: unknown; error?: { message?: string } } | null;
      if (!answer.ok || !body?.challengeId || !body.options) {
        setError(body?.error?.message ?? "Could not start a passkey sign-in. Please try again.");
        return;
      }
      let response;
      try {
        response = await startAuthentication({ optionsJSON: body.options as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
      } catch {
        setError("No passkey was used: the browser's request was cancelled or timed out.");
        return;
      }
      const result = await signIn("passkey", { challengeId: body.challengeId, response: JSON.stringify(response), redirect: false });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      const wait = Number(result?.error?.match(/^throttled:(\d+)$/)?.[1] ?? 0);
      setError(
        wait > 0
          ? `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} ${wait > 60 ? "minutes" : "minute"}.`
          : "That passkey is not registered to any account here. It may have been removed.",
      );
    } catch {
      setError("Could not sign in with a passkey. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="mt-6 space-y-3">
      <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" />
        or
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <FormError message={error} />
      <Button variant="secondary" className="w-full" onClick={start} disabled={pending || !supported} aria-disabled={pending || !supported}>
        {pending && <span className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />}
        {pending ? "Waiting for your passkey…" : "Use a passkey"}
      </Button>
      {!supported && <p className="text-center text-xs text-slate-600">This browser does not support passkeys (WebAuthn).</p>}
    </div>
  );
}
