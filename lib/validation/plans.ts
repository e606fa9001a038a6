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
