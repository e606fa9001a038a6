"use server";

import { fail, failField, ok, type ActionResult } from "@/lib/action-result";
import { confirmIdentity } from "@/lib/dal/sudo";
import { requireSession } from "@/lib/session";
import { identityProofSchema } from "@/lib/validation/reauth";

// A public POST endpoint like every action: it authenticates, validates, and changes nothing
// but this session's re-authentication window (lib/dal/sudo.ts), and only on a right proof.

const tooManyTries = (waitSeconds: number) => {
  const minutes = Math.ceil(waitSeconds / 60);
  return `Too many wrong passwords. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
};

/** "Confirm it's you": a right proof allows sensitive actions from this browser for a while. */
export async function confirmIdentityAction(input: unknown): Promise<ActionResult> {
  const session = await requireSession();
  const parsed = identityProofSchema.safeParse(input);
  if (!parsed.success) return failField("password", parsed.error.issues[0]?.message ?? "Enter your password.");
  const confirmed = await confirmIdentity(session, { password: parsed.data.password });
  if (confirmed.ok) return ok();
  switch (confirmed.reason) {
    case "rate_limited":
      return failField("password", tooManyTries(confirmed.waitSeconds));
    case "wrong_proof":
      return failField("password", "That password is not correct.");
    default:
      return fail("You were signed out. Sign in again to continue.");
  }
}
