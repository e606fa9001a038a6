"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { fail, failField, failFields, ok, type ActionResult } from "@/lib/action-result";
import { createKey, deleteKey, endGracePeriod, revokeKey, rollKey, updateKey } from "@/lib/dal/key-changes";
import { limitReachedMessage } from "@/lib/dal/plans";
import { inThisWorkspace, requireRecentAuth, requireSession, requireViewer } from "@/lib/session";
import {
  graceSchema,
  keyDetailsSchema,
  rateLimitSchema,
  actsAsSchema,
  parseCreateKey,
  sidSchema,
  tooManyCreationsMessage,
} from "@/lib/validation/keys";

// Every export here is a public POST endpoint: each one authenticates and validates itself,
// and the DAL puts the viewer's workspace in every query, so a forged sid can only reach nothing.
// Rolling, revoking, ending a grace period, deleting and creating a service key also need a
// recent proof of identity (requireRecentAuth): a stolen session cookie alone cannot do them.

const NOT_FOUND = "That key does not exist.";
const FORBIDDEN = "Your role does not allow this: Members change only their own member keys, Viewers none. Ask an Admin or Owner.";
const refusal = (reason: "not_found" | "forbidden" | "permission_exceeds") => (reason === "forbidden" ? FORBIDDEN : NOT_FOUND);
// Every page of the workspace shows keys (the list, a key's page, the log): refresh them all.
const refresh = () => revalidatePath("/w/[workspace]/settings", "layout");

/**
 * Creates a key and returns its secret: this response is the only place the plaintext ever
 * appears. The caller shows it once and forgets it.
 */
export async function createKeyAction(input: unknown): Promise<ActionResult<{ sid: string; secret: string }>> {
  const session = await requireSession("/settings/api-keys/new");
  const { viewer } = session;
  const parsed = parseCreateKey(input);
  const actsAs = actsAsSchema.safeParse((input as { actsAs?: unknown } | null)?.actsAs ?? "me");
  if (!parsed.ok || !actsAs.success) return failFields({ ...(parsed.ok ? {} : parsed.fieldErrors), actsAs: actsAs.success ? undefined : "Choose a member." });
  // A service key acts as the workspace itself, and outlives whoever made it.
  if (actsAs.data === "workspace") {
    const refused = await requireRecentAuth(session);
    if (refused) return refused;
  }
  const created = await createKey(viewer, { ...parsed.data, actsAs: actsAs.data });
  refresh();
  if (!created.ok) {
    switch (created.reason) {
      case "rate_limited":
        return fail(tooManyCreationsMessage(created.retryAfterSeconds));
      case "limit_reached":
        return fail(await limitReachedMessage(viewer, "keys"));
      case "not_found":
        return failField("actsAs", "That person is no longer a member of this workspace.");
      case "unverified":
        return fail("Verify your email address before creating keys: follow the link we sent you, or resend it from the banner above.");
      default:
        return fail("Your role does not allow creating this key: Viewers create none, and only Admins and Owners create service keys or keys for others.");
    }
  }
  return ok({ sid: created.key.sid, secret: created.secret });
}

export async function updateKeyAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const viewer = await requireViewer();
  const sid = sidSchema.safeParse(form.get("sid"));
  if (!sid.success) return fail(NOT_FOUND);
  const limitField = form.get("rateLimitPerMinute");
  const details = keyDetailsSchema.extend({ rateLimitPerMinute: rateLimitSchema }).safeParse({
    name: form.get("name"),
    description: form.get("description") ?? "",
    // An empty field removes the limit; anything else must be a whole number.
    rateLimitPerMinute: typeof limitField === "string" && limitField.trim() !== "" ? Number(limitField) : null,
  });
  if (!details.success) {
    const errors = z.flattenError(details.error).fieldErrors;
    return failFields({ name: errors.name?.[0], description: errors.description?.[0], rateLimitPerMinute: errors.rateLimitPerMinute?.[0] });
  }
  const updated = await updateKey(viewer, sid.data, details.data);
  if (!updated.ok) return fail(refusal(updated.reason));
  refresh();
  return ok({ message: "Key updated." });
}

export async function rollKeyAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult<{ sid: string; secret: string }>> {
  const session = await requireSession();
  const { viewer } = session;
  const sid = sidSchema.safeParse(form.get("sid"));
  const grace = graceSchema.safeParse(form.get("grace"));
  if (!sid.success) return fail(NOT_FOUND);
  if (!grace.success) return fail("Choose how long the old secret keeps working.");
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const rolled = await rollKey(viewer, sid.data, grace.data);
  refresh();
  if (rolled.ok) return ok({ sid: rolled.key.sid, secret: rolled.secret });
  if (rolled.reason === "rate_limited") return fail(tooManyCreationsMessage(rolled.retryAfterSeconds));
  const atLimit = rolled.reason === "limit_reached" ? await limitReachedMessage(viewer, "keys") : "";
  const errors = {
    not_found: NOT_FOUND,
    not_active: "Only an active key can be rolled.",
    already_rolled: "This key was already rolled. Roll its replacement instead.",
    limit_reached: `${atLimit} Or roll with “Now” so the old secret stops at once.`,
    permission_exceeds: NOT_FOUND, // a session holds every permission: unreachable from the browser
    forbidden: FORBIDDEN,
  } as const;
  return fail(errors[rolled.reason]);
}

export async function revokeKeyAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const session = await requireSession();
  const { viewer } = session;
  const sid = sidSchema.safeParse(form.get("sid"));
  if (!sid.success) return fail(NOT_FOUND);
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  // "Also revoke the keys it created": a checkbox, sent only when ticked.
  const revoked = await revokeKey(viewer, sid.data, { alsoCreated: form.get("alsoCreated") === "on" });
  if (!revoked.ok) return fail(refusal(revoked.reason));
  refresh();
  const others = revoked.alsoRevoked.length;
  return ok({ message: `“${revoked.key.name}” was revoked${others ? `, and ${others === 1 ? "1 key" : `${others} keys`} with it` : ""}.` });
}

export async function endGracePeriodAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const session = await requireSession();
  const { viewer } = session;
  const sid = sidSchema.safeParse(form.get("sid"));
  if (!sid.success) return fail(NOT_FOUND);
  // Stops the old secret at once: a revocation of that secret.
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const ended = await endGracePeriod(viewer, sid.data);
  if (!ended.ok) return fail(ended.reason === "not_in_grace" ? "This key is not in a grace period." : refusal(ended.reason));
  refresh();
  return ok({ message: `The old secret of “${ended.key.name}” stopped working.` });
}

/** On success this leaves the (now gone) key's page for the list, which confirms the deletion. */
export async function deleteKeyAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const session = await requireSession();
  const { viewer } = session;
  const sid = sidSchema.safeParse(form.get("sid"));
  if (!sid.success) return fail(NOT_FOUND);
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const deleted = await deleteKey(viewer, sid.data);
  if (!deleted.ok) return fail(deleted.reason === "still_active" ? "Revoke the key before deleting it." : refusal(deleted.reason));
  refresh();
  redirect(await inThisWorkspace("/settings/api-keys?deleted=1"));
}
