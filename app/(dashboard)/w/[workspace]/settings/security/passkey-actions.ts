"use server";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { fail, failFields, ok, type ActionResult } from "@/lib/action-result";
import { relyingPartyFor, requestHost } from "@/lib/auth/webauthn";
import { passkeyRegistrationOptions, registerPasskey, removePasskey, renamePasskey, MAX_PASSKEYS } from "@/lib/dal/passkeys";
import { consumePasskeyChallenge } from "@/lib/limits/rate-limit";
import { requireRecentAuth, requireSession } from "@/lib/session";
import { passkeyIdSchema, registerPasskeySchema, renamePasskeySchema } from "@/lib/validation/passkeys";

/**
 * The Passkeys section of Account -> Security. Every export is a public POST endpoint: each
 * one authenticates, validates, and acts only on the signed-in person's own passkeys (the DAL
 * puts their user id in every where).
 */
const RETURN_TO = "/settings/security";
const refresh = () => revalidatePath("/w/[workspace]/settings/security", "page");
const GONE = "That passkey does not exist.";

/** Step 1 of "Add a passkey": the options for navigator.credentials.create(). */
export async function passkeyRegistrationOptionsAction(): Promise<ActionResult<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }>> {
  const session = await requireSession(RETURN_TO);
  // Sudo mode: adding or removing a way to sign in needs a recent proof of identity.
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const { viewer } = session;
  const verdict = await consumePasskeyChallenge(viewer.ip ?? "unknown");
  if (!verdict.ok) return fail(`Too many passkey requests. Try again in ${verdict.retryAfterSeconds} seconds.`);
  const rp = relyingPartyFor(requestHost(await headers()));
  if (!rp) return fail("Passkeys need this site opened at its domain name, not an IP address.");
  return ok(await passkeyRegistrationOptions(viewer, rp));
}

/** Step 2: the browser's new credential, verified against step 1's challenge, stored under a name. */
export async function registerPasskeyAction(input: unknown): Promise<ActionResult<{ passkey: { id: string; name: string } }>> {
  const session = await requireSession(RETURN_TO);
  // Sudo mode: adding or removing a way to sign in needs a recent proof of identity.
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const { viewer } = session;
  const parsed = registerPasskeySchema.safeParse(input);
  if (!parsed.success) {
    const name = parsed.error.issues.find((issue) => issue.path[0] === "name");
    return name ? failFields({ name: name.message }) : fail("The passkey could not be added. Try again.");
  }
  const result = await registerPasskey(viewer, parsed.data);
  if (!result.ok) {
    const messages = {
      expired: "That passkey request expired. Try again.",
      invalid: "The passkey could not be verified. Try again.",
      duplicate: "That passkey is already registered.",
      limit: `You can have at most ${MAX_PASSKEYS} passkeys. Remove one first.`,
    } as const;
    return fail(messages[result.reason]);
  }
  refresh();
  return ok({ passkey: { id: result.passkey.id, name: result.passkey.name }, message: `Passkey "${result.passkey.name}" added.` });
}

export async function renamePasskeyAction(input: unknown): Promise<ActionResult> {
  const { viewer } = await requireSession(RETURN_TO);
  const parsed = renamePasskeySchema.safeParse(input);
  if (!parsed.success) {
    const name = parsed.error.issues.find((issue) => issue.path[0] === "name");
    return name ? failFields({ name: name.message }) : fail(GONE);
  }
  if (!(await renamePasskey(viewer, parsed.data.passkeyId, parsed.data.name))) return fail(GONE);
  refresh();
  return ok({ message: "Passkey renamed." });
}

export async function removePasskeyAction(passkeyId: unknown): Promise<ActionResult> {
  const session = await requireSession(RETURN_TO);
  // Sudo mode: adding or removing a way to sign in needs a recent proof of identity.
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const { viewer } = session;
  const parsed = passkeyIdSchema.safeParse(passkeyId);
  if (!parsed.success) return fail(GONE);
  if (!(await removePasskey(viewer, parsed.data))) return fail(GONE);
  refresh();
  return ok({ message: "Passkey removed." });
}
