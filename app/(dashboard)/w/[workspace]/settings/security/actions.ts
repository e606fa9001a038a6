"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { fail, failField, ok, type ActionResult } from "@/lib/action-result";
import { totpQrDataUrl, totpUri } from "@/lib/auth/totp";
import { endOtherSessions, endSessionByHandle } from "@/lib/dal/sessions";
import { confirmTotpSetup, disableTwoFactor, regenerateBackupCodes, startTotpSetup } from "@/lib/dal/two-factor";
import { requireRecentAuth, requireSession, requireViewer } from "@/lib/session";
import { PASSWORD_MAX } from "@/lib/validation/auth";
import { secondFactorCodeSchema, totpCodeSchema } from "@/lib/validation/two-factor";

// Every export here is a public POST endpoint: each one authenticates and validates itself.

const PAGE = "/settings/security";
const revalidate = () => revalidatePath("/w/[workspace]/settings/security", "page");

const tooManyTries = (waitSeconds: number) => {
  const minutes = Math.ceil(waitSeconds / 60);
  return `Too many wrong codes. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
};

type Refused = { reason: string; waitSeconds?: number };
/** One message per refusal, on the field that explains it. */
function refusal(field: string, refused: Refused): ActionResult<never> {
  switch (refused.reason) {
    case "throttled":
      return failField(field, tooManyTries(refused.waitSeconds ?? 60));
    case "wrong_password":
      return failField(field, "The password is not correct.");
    case "wrong_code":
      return failField(field, "That code is not right. Wait for the next one and try again.");
    case "already_on":
      return fail("Two-factor sign-in is already on.");
    case "not_enabled":
      return fail("Two-factor sign-in is not on.");
    default:
      return fail("Setup has expired. Start again.");
  }
}

/**
 * A new secret for the authenticator app, stored sealed but not on. The secret is shown on
 * this page only, in this answer: never rendered into the page itself or any other.
 */
export async function startTotpSetupAction(): Promise<ActionResult<{ secret: string; uri: string; qr: string }>> {
  const session = await requireSession(PAGE);
  // Sudo mode: a borrowed or stolen session must not tie the account to its own authenticator.
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const { viewer } = session;
  const started = await startTotpSetup(viewer);
  if (!started.ok) return refusal("code", started);
  const uri = totpUri(started.secret, viewer.email);
  return ok({ secret: started.secret, uri, qr: await totpQrDataUrl(uri) });
}

/** Turns two-factor on with a code from the app; answers the ten backup codes, once. */
export async function confirmTotpSetupAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult<{ backupCodes: string[] }>> {
  const session = await requireSession(PAGE);
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const { viewer } = session;
  const parsed = totpCodeSchema.safeParse(form.get("code") ?? "");
  if (!parsed.success) return failField("code", parsed.error.issues[0].message);
  const confirmed = await confirmTotpSetup(viewer, parsed.data);
  if (!confirmed.ok) return refusal("code", confirmed);
  revalidate();
  return ok({ backupCodes: confirmed.backupCodes, message: "Two-factor sign-in is on." });
}

const disableSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("code"), code: secondFactorCodeSchema }),
  z.object({ method: z.literal("password"), password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX) }),
]);

/** Turns two-factor off, proven with a code (authenticator or backup) or the password. */
export async function disableTwoFactorAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const viewer = await requireViewer(PAGE);
  const parsed = disableSchema.safeParse({ method: form.get("method"), code: form.get("code") ?? "", password: form.get("password") ?? "" });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return failField(String(issue.path[0] ?? "code"), issue.message);
  }
  const proof = parsed.data.method === "code" ? { code: parsed.data.code } : { password: parsed.data.password };
  const disabled = await disableTwoFactor(viewer, proof);
  if (!disabled.ok) return refusal(parsed.data.method, disabled);
  revalidate();
  return ok({ message: "Two-factor sign-in is off." });
}

/** Ten new backup codes for a code from the app; the old ones stop working. */
export async function regenerateBackupCodesAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult<{ backupCodes: string[] }>> {
  const viewer = await requireViewer(PAGE);
  const parsed = totpCodeSchema.safeParse(form.get("code") ?? "");
  if (!parsed.success) return failField("code", parsed.error.issues[0].message);
  const renewed = await regenerateBackupCodes(viewer, parsed.data);
  if (!renewed.ok) return refusal("code", renewed);
  revalidate();
  return ok({ backupCodes: renewed.backupCodes, message: "New backup codes made. The old ones no longer work." });
}

const handleSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

/** Ends one of the person's sessions (on its next request, on every instance). */
export async function endSessionAction(form: FormData): Promise<ActionResult> {
  const { viewer, sessionId } = await requireSession(PAGE);
  const parsed = handleSchema.safeParse(form.get("handle"));
  if (!parsed.success) return fail("That session has already ended.");
  // This browser's own session is ended with Sign out, which also clears the cookie.
  const ended = await endSessionByHandle(viewer, parsed.data, sessionId);
  if (!ended) return fail("That session has already ended.");
  revalidate();
  return ok({ message: "Session signed out." });
}

/** Ends every session of the person's account but this browser's. */
export async function endOtherSessionsAction(): Promise<ActionResult> {
  const { viewer, sessionId } = await requireSession(PAGE);
  const count = await endOtherSessions(viewer, sessionId);
  revalidate();
  return ok({ message: count === 0 ? "No other sessions were signed in." : `Signed out ${count} other ${count === 1 ? "session" : "sessions"}.` });
}
