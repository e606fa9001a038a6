import { z } from "zod";
import { PLAN_IDS } from "@/lib/plans/limits";

/** A limit an instance admin may set: a count (0 blocks new items), or null for unlimited. */
export const LIMIT_MAX = 1_000_000;
const limit = z.number({ error: "Enter a whole number." }).int("Enter a whole number.").min(0, "Enter 0 or more.").max(LIMIT_MAX, `Enter at most ${LIMIT_MAX}.`).nullable();

export const planIdSchema = z.enum(PLAN_IDS, { error: "Choose a plan." });

/** Plan limits to change: a field left out keeps its value; null makes it unlimited. */
export const planLimitsSchema = z.strictObject({
  keys: limit.optional(),
  credentials: limit.optional(),
  webhooks: limit.optional(),
  members: limit.optional(),
});
export type PlanLimitsInput = z.infer<typeof planLimitsSchema>;

/** Workspace overrides to change: a field left out keeps its value; null removes the override (the plan applies). */
export const overridesSchema = planLimitsSchema;
export type OverridesInput = PlanLimitsInput;

export const workspaceIdSchema = z.string().min(1).max(100);

/** Who acts in the admin area: the caller checked they are an instance admin. */
export const adminActorSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(200),
  email: z.string().max(320),
  ip: z.string().max(100).nullable().optional(),
});
export type AdminActor = z.infer<typeof adminActorSchema>;

/**
 * Limits from an admin form. Each resource is a number field named after it; a resource whose
 * field is not in the form is left out (it keeps its value). "plan": a checked `<r>Unlimited`
 * box makes it unlimited (null), and a blank number is an error. "overrides": a blank number
 * removes the override (null: the plan's limit applies).
 */
export function limitsFromForm(form: FormData, mode: "plan" | "overrides") {
  const input: Record<string, unknown> = {};
  for (const r of ["keys", "credentials", "webhooks", "members"] as const) {
    if (mode === "plan" && form.get(`${r}Unlimited`) !== null) {
      input[r] = null;
      continue;
    }
    const raw = form.get(r);
    if (raw === null) continue;
    const text = typeof raw === "string" ? raw.trim() : "";
    // Not a whole number (blank on a plan included): NaN, which the schema refuses with its message.
    if (text === "" && mode === "overrides") input[r] = null;
    else input[r] = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  }
  return planLimitsSchema.safeParse(input);
}
