"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { fail, failField, ok, type ActionResult } from "@/lib/action-result";
import { createWorkspace, MAX_OWNED_WORKSPACES, renameWorkspace } from "@/lib/dal/members";
import { setTwoFactorPolicy } from "@/lib/dal/workspaces";
import { requireRecentAuth, requireSession, requireViewer } from "@/lib/session";
import { workspaceNameSchema } from "@/lib/validation/members";
import { workspaceHref } from "@/lib/workspaces/url";

// Public POST endpoints like every action: each authenticates, validates, and leaves the
// authorisation to the DAL, which checks the role under the workspace's lock.

/** "Create workspace": a new workspace the viewer owns; the client then opens it. */
export async function createWorkspaceAction(_previous: unknown, form: FormData): Promise<ActionResult<{ href: string }>> {
  const viewer = await requireViewer("/settings/workspace");
  const name = workspaceNameSchema.safeParse(form.get("name"));
  if (!name.success) return failField("name", name.error.issues[0]?.message ?? "Enter a name for the workspace.");
  const created = await createWorkspace(viewer, name.data);
  if (!created.ok) {
    return fail(
      created.reason === "limit_reached"
        ? `You own ${MAX_OWNED_WORKSPACES} workspaces, the most one person may. Delete or hand over one to create another.`
        : "Workspaces can be created from the dashboard only.",
    );
  }
  return ok({ href: workspaceHref(created.slug, "/settings/api-keys"), message: `Created “${name.data}”.` });
}

/** Renames the workspace (Owners). Its address stays the same, so links keep working. */
export async function renameWorkspaceAction(_previous: unknown, form: FormData): Promise<ActionResult> {
  const viewer = await requireViewer("/settings/workspace");
  const name = workspaceNameSchema.safeParse(form.get("name"));
  if (!name.success) return failField("name", name.error.issues[0]?.message ?? "Enter a name for the workspace.");
  const renamed = await renameWorkspace(viewer, name.data);
  if (!renamed.ok) return fail(renamed.reason === "forbidden" ? "Only Owners can rename the workspace." : "Enter a name for the workspace.");
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ message: `Renamed to “${renamed.workspace.name}”.` });
}

/**
 * "Require two-factor authentication" (Owners). A sensitive action: it locks members out of the
 * workspace's pages and member keys until they comply, so it needs a recent proof of identity.
 */
export async function setTwoFactorPolicyAction(input: unknown): Promise<ActionResult<{ required: boolean }>> {
  const session = await requireSession("/settings/workspace");
  const required = z.boolean().safeParse((input as { required?: unknown } | null)?.required);
  if (!required.success) return fail("Choose whether two-factor authentication is required.");
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const changed = await setTwoFactorPolicy(session.viewer, required.data);
  if (!changed.ok) {
    return fail(
      changed.reason === "forbidden"
        ? "Only Owners can change the workspace’s two-factor policy."
        : "Turn on two-factor authentication for your own account first (Account → Security), so you are not locked out yourself.",
    );
  }
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({
    required: changed.required,
    message: changed.required ? "Two-factor authentication is now required of every member." : "Two-factor authentication is no longer required.",
  });
}
