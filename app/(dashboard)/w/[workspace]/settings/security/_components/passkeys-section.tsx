"use client";

import { browserSupportsWebAuthn, startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { notifyError, toastResult } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import type { DialogHandle } from "@/components/ui/confirm-dialog";
import { useReauth } from "@/components/reauth/use-reauth";
import { passkeyRegistrationOptionsAction, registerPasskeyAction } from "../passkey-actions";
import { PasskeyRow, RenamePasskeyDialog, type PasskeyItem } from "./passkey-row";

/** "Chrome on macOS": what a new passkey is called until its owner names it. */
function defaultPasskeyName(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "Browser";
  const os = /iPhone|iPad/.test(ua) ? "iOS" : /Android/.test(ua) ? "Android" : /Mac OS X/.test(ua) ? "macOS" : /Windows/.test(ua) ? "Windows" : /Linux/.test(ua) ? "Linux" : "this device";
  return `${browser} on ${os}`;
}

const subscribeNever = () => () => {};
/** Browsers refuse an IP address as a relying party ID: at http://127.0.0.1 passkeys cannot work. */
const atIpAddress = () => /^\d+\.\d+\.\d+\.\d+$|^\[.*\]$/.test(window.location.hostname);

/**
 * Account -> Security, "Passkeys": the list (name, added, last used), "Add a passkey" (the
 * browser's ceremony, stored under a default name, then a dialog to name it), rename, remove.
 */
export function PasskeysSection({ passkeys }: { passkeys: PasskeyItem[] }) {
  const router = useRouter();
  const withReauth = useReauth();
  // Known only in the browser: the server renders as if supported, then the truth.
  const supported = useSyncExternalStore(subscribeNever, browserSupportsWebAuthn, () => true);
  const ipAddress = useSyncExternalStore(subscribeNever, atIpAddress, () => false);
  const blocked = !supported || ipAddress;
  const [adding, setAdding] = useState(false);
  const [naming, setNaming] = useState<PasskeyItem | null>(null);
  const nameDialog = useRef<DialogHandle>(null);
  useEffect(() => {
    if (naming) nameDialog.current?.open();
  }, [naming]);

  async function add() {
    setAdding(true);
    try {
      // Asks "Confirm it's you" first when the session's window has closed (sudo mode).
      const started = await withReauth(() => passkeyRegistrationOptionsAction());
      if (!started) return;
      if (!started.ok) return toastResult(started);
      let response;
      try {
        response = await startRegistration({ optionsJSON: started.options });
      } catch (error) {
        // Cancelled, timed out, or this authenticator holds a passkey for the account already.
        const excluded = error instanceof WebAuthnError && error.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED";
        return notifyError(excluded ? "This device already has a passkey for your account." : "No passkey was added: the browser's request was cancelled or timed out.");
      }
      const saved = await registerPasskeyAction({ challengeId: started.challengeId, response, name: defaultPasskeyName() });
      toastResult(saved);
      if (!saved.ok) return;
      router.refresh();
      setNaming({ id: saved.passkey.id, name: saved.passkey.name, createdAt: new Date(), lastUsedAt: null });
    } catch {
      notifyError("Could not add the passkey. Please try again.");
    } finally {
      setAdding(false);
    }
  }

  return (
    <Card className="overflow-hidden" labelledBy="passkeys-heading">
      <div className="flex flex-wrap items-start justify-between gap-4 p-6">
        <div className="min-w-0">
          <h2 id="passkeys-heading" className="text-base font-semibold text-slate-900">Passkeys</h2>
          <p className="mt-1 text-sm text-slate-600">
            Sign in with your fingerprint, face or device PIN instead of a password. A passkey also counts as two-factor authentication.
          </p>
        </div>
        <Button onClick={add} disabled={adding || blocked} aria-disabled={adding || blocked}>
          {adding && <span className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" aria-hidden />}
          {adding ? "Waiting for your device…" : "Add a passkey"}
        </Button>
      </div>
      {blocked && (
        <p role="status" className="mx-6 mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {!supported
            ? "This browser does not support passkeys (WebAuthn). Use a current version of Chrome, Edge, Firefox or Safari to add one."
            : "Passkeys need this site opened at its domain name, not an IP address."}
        </p>
      )}
      {passkeys.length === 0 ? (
        <div className="border-t border-slate-200">
          <EmptyState title="No passkeys yet">Add one to sign in without typing your password.</EmptyState>
        </div>
      ) : (
        <ul className="divide-y divide-slate-200 border-t border-slate-200" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <PasskeyRow key={passkey.id} passkey={passkey} />
          ))}
        </ul>
      )}
      {naming && <RenamePasskeyDialog key={naming.id} handle={nameDialog} passkey={naming} title="Name your new passkey" />}
    </Card>
  );
}
