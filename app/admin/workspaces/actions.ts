"use server";

import { revalidatePath } from "next/cache";
import { fail, failFields, ok, type ActionResult } from "@/lib/action-result";
import { requireInstanceAdminAction } from "@/lib/admin-session";
import { adminSetWorkspaceOverrides, adminSetWorkspacePlan } from "@/lib/dal/instance-admin";
import { recordIdSchema } from "@/lib/validation/admin";
import { limitsFromForm, planIdSchema } from "@/lib/validation/plans";

// Every export here is a public POST endpoint: each one checks, itself, that the caller is an
// instance admin (else "Not found.") who re-authenticated recently (sudo mode), before it
// parses or changes anything.

const GONE = "That workspace does not exist.";
const revalidate = (workspaceId: string) => {
  revalidatePath("/admin/workspaces");
  revalidatePath(`/admin/workspaces/${workspaceId}`);
  revalidatePath("/admin/plans");
  revalidatePath("/admin/audit");
};
const overText = (over: string[]) => (over.length ? ` It is over its ${over.join(", ")} limit${over.length > 1 ? "s" : ""}: nothing was removed, it can't add more.` : "");

/** Moves a workspace to another plan (its overrides stay). */
export async function setWorkspacePlanAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const workspaceId = recordIdSchema.safeParse(form.get("workspaceId"));
  if (!workspaceId.success) return fail(GONE);
  const planId = planIdSchema.safeParse(form.get("planId"));
  if (!planId.success) return failFields({ planId: "Choose a plan." });
  const result = await adminSetWorkspacePlan(gate.admin, workspaceId.data, planId.data);
  if (!result.ok) return fail(result.reason === "not_found" ? GONE : "Choose a plan.");
  revalidate(workspaceId.data);
  const over = (["keys", "credentials", "webhooks", "members"] as const).filter((r) => result.usage[r].over);
  return ok({ message: `Plan changed to ${result.usage.planName}.${overText(over)}` });
}

/** Sets this workspace's own limits; a blank one gives the plan's back. */
export async function setWorkspaceOverridesAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const workspaceId = recordIdSchema.safeParse(form.get("workspaceId"));
  if (!workspaceId.success) return fail(GONE);
  const limits = limitsFromForm(form, "overrides");
  if (!limits.success) {
    const fields: Record<string, string> = {};
    for (const issue of limits.error.issues) fields[String(issue.path[0])] ??= issue.message === "Invalid input" ? "Enter a whole number, or leave it blank." : issue.message;
    return failFields(fields);
  }
  const result = await adminSetWorkspaceOverrides(gate.admin, workspaceId.data, limits.data);
  if (!result.ok) return fail(result.reason === "not_found" ? GONE : "Check the limits: whole numbers from 0, or blank.");
  revalidate(workspaceId.data);
  const over = (["keys", "credentials", "webhooks", "members"] as const).filter((r) => result.usage[r].over);
  return ok({ message: `Limits saved.${overText(over)}` });
}
