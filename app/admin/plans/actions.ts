"use server";

import { revalidatePath } from "next/cache";
import { fail, failFields, ok, type ActionResult } from "@/lib/action-result";
import { requireInstanceAdminAction } from "@/lib/admin-session";
import { adminUpdatePlanLimits } from "@/lib/dal/instance-admin";
import { limitsFromForm, planIdSchema } from "@/lib/validation/plans";

// A public POST endpoint: it checks, itself, that the caller is an instance admin (else
// "Not found.") who re-authenticated recently (sudo mode), before it parses or changes anything.

const workspaces = (n: number) => (n === 1 ? "1 workspace is" : `${n} workspaces are`);

/** Changes one plan's limits; says how many workspaces the change put over a limit. */
export async function updatePlanLimitsAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const planId = planIdSchema.safeParse(form.get("planId"));
  if (!planId.success) return fail("That plan does not exist.");
  const limits = limitsFromForm(form, "plan");
  if (!limits.success) {
    const fields: Record<string, string> = {};
    for (const issue of limits.error.issues) fields[String(issue.path[0])] ??= issue.message === "Invalid input" ? "Enter a whole number, or choose Unlimited." : issue.message;
    return failFields(fields);
  }
  const result = await adminUpdatePlanLimits(gate.admin, planId.data, limits.data);
  if (!result.ok) {
    if (result.reason === "env_managed") return fail("The Default plan's key, credential and webhook limits are set by MAX_ACTIVE_KEYS, MAX_CREDENTIALS and MAX_WEBHOOKS.");
    if (result.reason === "not_found") return fail("That plan does not exist.");
    return fail("Check the limits: whole numbers from 0, or Unlimited.");
  }
  revalidatePath("/admin/plans");
  revalidatePath("/admin/workspaces", "layout");
  revalidatePath("/admin/audit");
  const message = result.putOver === 0 ? "Saved. No workspace went over this plan's limits." : `Saved. ${workspaces(result.putOver)} now over this plan's limits; nothing was removed, they can't add more.`;
  return ok({ message, putOver: result.putOver, over: result.over });
}
