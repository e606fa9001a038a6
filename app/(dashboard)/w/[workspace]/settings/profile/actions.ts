"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { failField, failFields, ok, type ActionResult } from "@/lib/action-result";
import { changePassword, endAllSessions, updateProfile } from "@/lib/dal/users";
import { reservePasswordCheck } from "@/lib/limits/rate-limit";
import { requireRecentAuth, requireSession, requireViewer } from "@/lib/session";
import { changePasswordSchema, PASSWORD_MAX, profileSchema } from "@/lib/validation/auth";

// Every export here is a public POST endpoint: each one authenticates and validates itself.

const firstErrors = (error: z.ZodError) =>
  Object.fromEntries(Object.entries(z.flattenError(error).fieldErrors).map(([k, v]) => [k, (v as string[] | undefined)?.[0]]));

// The current password is asked for only when the email changes.
const profileChangeSchema = profileSchema.extend({ currentPassword: z.string().max(PASSWORD_MAX).optional() });

const tooManyTries = (waitSeconds: number) => {
  const minutes = Math.ceil(waitSeconds / 60);
  return `Too many wrong passwords. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
};

export async function updateProfileAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const session = await requireSession("/settings/profile");
  const { viewer, sessionId } = session;
  const parsed = profileChangeSchema.safeParse({
    name: form.get("name"),
    email: form.get("email"),
    currentPassword: form.get("currentPassword") || undefined,
  });
  if (!parsed.success) return failFields(firstErrors(parsed.error));
  let attempt = null;
  if (parsed.data.email !== viewer.email) {
    if (!parsed.data.currentPassword) return failField("currentPassword", "Enter your current password to change your email.");
    // Moving the account to another address is a sensitive action (sudo mode), on top of
    // the current password the form asks for.
    const refused = await requireRecentAuth(session);
    if (refused) return refused;
    // Spent before the check: a stolen session must not become a way to guess the password.
    attempt = await reservePasswordCheck(viewer.id);
    if (!attempt.ok) return failField("currentPassword", tooManyTries(attempt.waitSeconds));
  }
  const updated = await updateProfile(viewer, parsed.data, sessionId);
  await attempt?.settle(updated.ok || updated.reason !== "wrong_password");
  if (!updated.ok) {
    if (updated.reason === "email_taken") return failField("email", "Another account already uses this email.");
    if (updated.reason === "not_found") return failField("name", "Your account no longer exists.");
    const message = updated.reason === "wrong_password" ? "The current password is not correct." : "Enter your current password to change your email.";
    return failField("currentPassword", message);
  }
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ message: updated.emailChanged ? "Profile saved. Your other sessions were signed out." : "Profile saved." });
}

export async function changePasswordAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const session = await requireSession("/settings/profile");
  const { viewer } = session;
  const parsed = changePasswordSchema.safeParse({
    currentPassword: form.get("currentPassword"),
    newPassword: form.get("newPassword"),
    confirmPassword: form.get("confirmPassword"),
  });
  if (!parsed.success) return failFields(firstErrors(parsed.error));
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const attempt = await reservePasswordCheck(viewer.id);
  if (!attempt.ok) return failField("currentPassword", tooManyTries(attempt.waitSeconds));
  const changed = await changePassword(viewer, parsed.data.currentPassword, parsed.data.newPassword);
  await attempt.settle(changed.ok);
  if (!changed.ok) return failField("currentPassword", "The current password is not correct.");
  return ok({ message: "Password changed." });
}

/** Ends every session of the account at once: its session rows go and its session version moves on. */
export async function signOutEverywhereAction(): Promise<ActionResult> {
  const viewer = await requireViewer("/settings/profile");
  await endAllSessions(viewer);
  return ok();
}
