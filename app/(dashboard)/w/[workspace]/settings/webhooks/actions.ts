"use server";

import { revalidatePath } from "next/cache";
import { fail, failField, failFields, ok, type ActionResult } from "@/lib/action-result";
import { limitReachedMessage } from "@/lib/dal/plans";
import { createWebhook, deleteWebhook, rollWebhookSecret, sendTestEvent, updateWebhook, type SaveWebhookResult } from "@/lib/dal/webhooks";
import { requireViewer } from "@/lib/session";
import { fieldErrors } from "@/lib/validation/api";
import { webhookIdSchema, webhookSchema } from "@/lib/validation/webhooks";

// Every export here is a public POST endpoint: each one authenticates and validates itself.
// The only secret that ever leaves is a signing secret, in the result of the action that made it.

const NOT_FOUND = "That webhook does not exist.";
const FORBIDDEN = "Your role does not allow this: Members change only the webhooks they created, Viewers none. Ask an Admin or Owner.";

/** `atLimit`: the refusal at the plan's limit, with its number and plan (lib/dal/plans.ts). */
function failure(result: Exclude<SaveWebhookResult, { ok: true }>, atLimit: string): ActionResult<never> {
  switch (result.reason) {
    case "invalid":
      return failField(result.field, result.message);
    case "name_taken":
      return failField("name", "You already have a webhook with this name.");
    case "limit_reached":
      return fail(atLimit);
    case "forbidden":
      return fail(FORBIDDEN);
    default:
      return fail(NOT_FOUND);
  }
}

export async function saveWebhookAction(id: string | null, input: unknown): Promise<ActionResult<{ id: string; secret?: string }>> {
  const viewer = await requireViewer("/settings/webhooks");
  const parsed = webhookSchema.safeParse(input);
  if (!parsed.success) return failFields(fieldErrors(parsed.error));
  let result: SaveWebhookResult;
  if (id === null) {
    result = await createWebhook(viewer, parsed.data);
  } else {
    const webhookId = webhookIdSchema.safeParse(id);
    if (!webhookId.success) return fail(NOT_FOUND);
    result = await updateWebhook(viewer, webhookId.data, parsed.data);
  }
  if (!result.ok) return failure(result, result.reason === "limit_reached" ? await limitReachedMessage(viewer, "webhooks") : "");
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ id: result.webhook.id, secret: result.secret });
}

export async function sendTestEventAction(id: unknown): Promise<ActionResult> {
  const viewer = await requireViewer("/settings/webhooks");
  const webhookId = webhookIdSchema.safeParse(id);
  if (!webhookId.success) return fail(NOT_FOUND);
  const sent = await sendTestEvent(viewer, webhookId.data);
  if (!sent.ok && sent.reason === "rate_limited") {
    const wait = `${sent.retryAfterSeconds} second${sent.retryAfterSeconds === 1 ? "" : "s"}`;
    return fail(`You sent ${sent.budget} test events in the last minute. Try again in ${wait}.`);
  }
  if (!sent.ok) return fail(sent.reason === "forbidden" ? FORBIDDEN : NOT_FOUND);
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ message: "Test event queued. It appears in the log below." });
}

export async function rollSecretAction(id: unknown): Promise<ActionResult<{ secret: string }>> {
  const viewer = await requireViewer("/settings/webhooks");
  const webhookId = webhookIdSchema.safeParse(id);
  if (!webhookId.success) return fail(NOT_FOUND);
  const rolled = await rollWebhookSecret(viewer, webhookId.data);
  if (!rolled.ok) return fail(rolled.reason === "forbidden" ? FORBIDDEN : NOT_FOUND);
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ message: "New signing secret created. The old one no longer signs.", secret: rolled.secret });
}

export async function deleteWebhookAction(id: unknown): Promise<ActionResult> {
  const viewer = await requireViewer("/settings/webhooks");
  const webhookId = webhookIdSchema.safeParse(id);
  if (!webhookId.success) return fail(NOT_FOUND);
  const deleted = await deleteWebhook(viewer, webhookId.data);
  if (!deleted.ok) return fail(deleted.reason === "forbidden" ? FORBIDDEN : NOT_FOUND);
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ message: "Webhook deleted." });
}
