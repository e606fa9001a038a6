"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { headers } from "next/headers";
import { fail, failField, ok, type ActionResult } from "@/lib/action-result";
import { relyingPartyFor, requestHost } from "@/lib/auth/webauthn";
import { passkeyReauthOptions } from "@/lib/dal/passkeys";
import { confirmIdentity } from "@/lib/dal/sudo";
import { consumePasskeyChallenge } from "@/lib/limits/rate-limit";
import { requireSession } from "@/lib/session";
import { parseIdentityProof, type ProofField } from "@/lib/validation/reauth";

// Public POST endpoints like every action: each authenticates, validates, and changes nothing
// but this session's re-authentication window (lib/dal/sudo.ts), and only on a right proof.

const tooManyTries = (field: ProofField, waitSeconds: number) => {
  const minutes = Math.ceil(waitSeconds / 60);
  const what = field === "totpCode" ? "wrong codes" : "wrong passwords";
  return `Too many ${what}. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
};

const WRONG: Record<ProofField, string> = {
  password: "That password is not correct.",
  totpCode: "That code is not correct, or it was already used. Wait for the next one.",
  passkey: "That passkey could not be verified. Try again, or use another way to confirm.",
};

/** "Confirm it's you": a right proof allows sensitive actions from this browser for a while. */
export async function confirmIdentityAction(input: unknown): Promise<ActionResult> {
  const session = await requireSession();
  const parsed = parseIdentityProof(input);
  if (!parsed.ok) return failField(parsed.field, parsed.message);
  const field: ProofField = "passkey" in parsed.proof ? "passkey" : "totpCode" in parsed.proof ? "totpCode" : "password";
  const confirmed = await confirmIdentity(session, parsed.proof);
  if (confirmed.ok) return ok();
  switch (confirmed.reason) {
    case "rate_limited":
      return failField(field, tooManyTries(field, confirmed.waitSeconds));
    case "wrong_proof":
      return failField(field, WRONG[field]);
    default:
      return fail("You were signed out. Sign in again to continue.");
  }
}

/** "Use a passkey": a challenge for one of this person's passkeys, for confirmIdentityAction. */
export async function reauthPasskeyOptionsAction(): Promise<ActionResult<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }>> {
  const { viewer } = await requireSession();
  const verdict = await consumePasskeyChallenge(viewer.ip ?? "unknown");
  if (!verdict.ok) return fail(`Too many passkey requests. Try again in ${verdict.retryAfterSeconds} seconds.`);
  const rp = relyingPartyFor(requestHost(await headers()));
  if (!rp) return fail("Passkeys need this site opened at its domain name, not an IP address.");
  const started = await passkeyReauthOptions(viewer.id, rp);
  if (!started) return fail("You have no passkeys. Use another way to confirm.");
  return ok(started);
}
