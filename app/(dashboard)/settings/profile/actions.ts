"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { changePassword, endAllSessions, updateProfile } from "@/lib/dal/users";
import { requireViewer } from "@/lib/session";
import { changePasswordSchema, profileSchema } from "@/lib/validation/auth";

// Every export here is a public POST endpoint: each one authenticates and validates itself.

export type FormResult = { ok: true; message: string } | { ok: false; fieldErrors: Record<string, string | undefined> } | null;

const firstErrors = (error: z.ZodError) =>
  Object.fromEntries(Object.entries(z.flattenError(error).fieldErrors).map(([k, v]) => [k, (v as string[] | undefined)?.[0]]));

export async function updateProfileAction(_previous: FormResult, form: FormData): Promise<FormResult> {
  const viewer = await requireViewer("/settings/profile");
  const parsed = profileSchema.safeParse({ name: form.get("name"), email: form.get("email") });
  if (!parsed.success) return { ok: false, fieldErrors: firstErrors(parsed.error) };
  const updated = await updateProfile(viewer, parsed.data);
  if (!updated.ok) return { ok: false, fieldErrors: { email: "Another account already uses this email." } };
  revalidatePath("/settings", "layout");
  return { ok: true, message: "Profile saved." };
}

export async function changePasswordAction(_previous: FormResult, form: FormData): Promise<FormResult> {
  const viewer = await requireViewer("/settings/profile");
  const parsed = changePasswordSchema.safeParse({
    currentPassword: form.get("currentPassword"),
    newPassword: form.get("newPassword"),
    confirmPassword: form.get("confirmPassword"),
  });
  if (!parsed.success) return { ok: false, fieldErrors: firstErrors(parsed.error) };
  const changed = await changePassword(viewer, parsed.data.currentPassword, parsed.data.newPassword);
  if (!changed.ok) return { ok: false, fieldErrors: { currentPassword: "The current password is not correct." } };
  return { ok: true, message: "Password changed." };
}

/** Ends every session of the account at once (the per-user session version every request checks). */
export async function signOutEverywhereAction(): Promise<{ ok: true }> {
  const viewer = await requireViewer("/settings/profile");
  await endAllSessions(viewer);
  return { ok: true };
}
