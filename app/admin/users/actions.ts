"use server";

import { revalidatePath } from "next/cache";
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { requireInstanceAdminAction } from "@/lib/admin-session";
import { disableUser, enableUser, issueResetLinkFor, resetTwoFactor } from "@/lib/dal/instance-admin";
import { adminUserActionSchema } from "@/lib/validation/admin";

// Every export here is a public POST endpoint: each one checks, itself, that the caller is an
// instance admin (else "Not found.") who re-authenticated recently (sudo mode), before it
// parses or changes anything.

const GONE = "That account does not exist.";
const revalidate = () => {
  revalidatePath("/admin/users");
  revalidatePath("/admin/audit");
};

const userIdOf = (form: FormData) => adminUserActionSchema.safeParse({ userId: form.get("userId") });

/** Disables an account: its sessions end and its member keys stop, on every instance. */
export async function disableUserAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const parsed = userIdOf(form);
  if (!parsed.success) return fail(GONE);
  const result = await disableUser(gate.admin, parsed.data.userId);
  if (!result.ok) {
    if (result.reason === "self") return fail("You cannot disable your own account.");
    if (result.reason === "unchanged") return fail("That account is already disabled.");
    return fail(GONE);
  }
  revalidate();
  const ended = result.sessionsEnded ?? 0;
  return ok({ message: `Account disabled. ${ended === 1 ? "1 session" : `${ended} sessions`} ended; their member keys stop working.` });
}

/** Re-enables a disabled account. */
export async function enableUserAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const parsed = userIdOf(form);
  if (!parsed.success) return fail(GONE);
  const result = await enableUser(gate.admin, parsed.data.userId);
  if (!result.ok) return fail(result.reason === "unchanged" ? "That account is not disabled." : GONE);
  revalidate();
  return ok({ message: "Account re-enabled. They can sign in again." });
}

/**
 * A password reset link for the account, answered once, to this admin only: it is not stored
 * (only its hash), not logged, and not in the audit log.
 */
export async function issueResetLinkAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult<{ link: string; email: string }>> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const parsed = userIdOf(form);
  if (!parsed.success) return fail(GONE);
  const result = await issueResetLinkFor(gate.admin, parsed.data.userId);
  if (!result.ok) return fail(GONE);
  revalidatePath("/admin/audit");
  return ok({ link: result.link, email: result.email });
}

/** Removes the account's authenticator app, backup codes and passkeys; the person is mailed. */
export async function resetTwoFactorAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const parsed = userIdOf(form);
  if (!parsed.success) return fail(GONE);
  const result = await resetTwoFactor(gate.admin, parsed.data.userId);
  if (!result.ok) return fail(result.reason === "unchanged" ? "That account has no second factor to reset." : GONE);
  revalidate();
  return ok({ message: "Two-factor sign-in reset. They have been told by mail." });
}
