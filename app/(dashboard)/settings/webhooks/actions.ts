"use server";

import { revalidatePath } from "next/cache";
import { createWebhook, deleteWebhook, maxWebhooks, rollWebhookSecret, sendTestEvent, updateWebhook, type SaveWebhookResult } from "@/lib/dal/webhooks";
import { requireViewer } from "@/lib/session";
import { fieldErrors } from "@/lib/validation/api";
import { webhookIdSchema, webhookSchema } from "@/lib/validation/webhooks";

// Every export here is a public POST endpoint: each one authenticates and validates itself.
// The only secret that ever leaves is a signing secret, in the result of the action that made it.

export type WebhookFormResult = { ok: true; id: string; secret?: string } | { ok: false; fieldErrors: Record<string, string>; formError?: string };

function failure(result: Exclude<SaveWebhookResult, { ok: true }>): WebhookFormResult {
  switch (result.reason) {
    case "invalid":
      return { ok: false, fieldErrors: { [result.field]: result.message } };
    case "name_taken":
      return { ok: false, fieldErrors: { name: "You already have a webhook with this name." } };
    case "limit_reached":
      return { ok: false, fieldErrors: {}, formError: `You have reached the limit of ${maxWebhooks()} webhooks. Delete one to add another.` };
    default:
      return { ok: false, fieldErrors: {}, formError: "That webhook does not exist." };
  }
}

export async function saveWebhookAction(id: string | null, input: unknown): Promise<WebhookFormResult> {
  const viewer = await requireViewer("/settings/webhooks");
  const parsed = webhookSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  let result: SaveWebhookResult;
  if (id === null) {
    result = await createWebhook(viewer, parsed.data);
  } else {
    const webhookId = webhookIdSchema.safeParse(id);
    if (!webhookId.success) return { ok: false, fieldErrors: {}, formError: "That webhook does not exist." };
    result = await updateWebhook(viewer, webhookId.data, parsed.data);
  }
  if (!result.ok) return failure(result);
  revalidatePath("/settings/webhooks");
  revalidatePath("/settings/credentials");
  return { ok: true, id: result.webhook.id, secret: result.secret };
}

export type WebhookActionResult = { ok: true; message: string; secret?: string } | { ok: false; error: string };
const NOT_FOUND = { ok: false, error: "That webhook does not exist." } as const;

export async function sendTestEventAction(id: unknown): Promise<WebhookActionResult> {
  const viewer = await requireViewer("/settings/webhooks");
  const webhookId = webhookIdSchema.safeParse(id);
  if (!webhookId.success) return NOT_FOUND;
  const sent = await sendTestEvent(viewer, webhookId.data);
  if (!sent.ok && sent.reason === "rate_limited") {
    const wait = `${sent.retryAfterSeconds} second${sent.retryAfterSeconds === 1 ? "" : "s"}`;
    return { ok: false, error: `You sent ${sent.budget} test events in the last minute. Try again in ${wait}.` };
  }
  if (!sent.ok) return NOT_FOUND;
  revalidatePath(`/settings/webhooks/${webhookId.data}`);
  return { ok: true, message: "Test event queued. It appears in the log below." };
}

export async function rollSecretAction(id: unknown): Promise<WebhookActionResult> {
  const viewer = await requireViewer("/settings/webhooks");
  const webhookId = webhookIdSchema.safeParse(id);
  const secret = webhookId.success ? await rollWebhookSecret(viewer, webhookId.data) : null;
  if (!webhookId.success || !secret) return NOT_FOUND;
  revalidatePath(`/settings/webhooks/${webhookId.data}`);
  return { ok: true, message: "New signing secret created. The old one no longer signs.", secret };
}

export async function deleteWebhookAction(id: unknown): Promise<WebhookActionResult> {
  const viewer = await requireViewer("/settings/webhooks");
  const webhookId = webhookIdSchema.safeParse(id);
  if (!webhookId.success || !(await deleteWebhook(viewer, webhookId.data))) return NOT_FOUND;
  revalidatePath("/settings/webhooks");
  revalidatePath("/settings/credentials");
  return { ok: true, message: "Webhook deleted." };
}
