import "server-only";
import type { AttemptRecord } from "./webhook-deliveries";
import { randomBytes } from "node:crypto";
import { keyRing } from "@/lib/crypto/key-ring";
import { open, seal, type KeyRing } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { consumeTestEvent } from "@/lib/limits/rate-limit";
import type { WebhookInput } from "@/lib/validation/webhooks";
import { NO_AUTH } from "@/lib/validation/webhooks";
import type { Viewer } from "@/lib/viewer";
import { eventPayload, parseEvents, TEST_EVENT, type DeliveryEvent, type WebhookEvent } from "@/lib/webhooks/events";
import { troubleshootingHint } from "@/lib/webhooks/log";
import { nudgeWebhooks } from "@/lib/webhooks/nudge";
import { checkDestination } from "@/lib/webhooks/send";
import { generateSigningSecret } from "@/lib/webhooks/signing";
import { resealInBatches } from "./reseal";
import { lockUser, type Tx } from "./user-lock";
import { isUniqueViolation } from "./prisma-errors";

export type WebhookDTO = {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  credentialId: string | null;
  /** The credential's name; null for no authentication or when it was deleted. */
  credentialName: string | null;
  credentialMissing: boolean;
  enabled: boolean;
  secretHint: string;
  createdAt: Date;
  updatedAt: Date;
};

const select = { id: true, name: true, url: true, events: true, credentialId: true, enabled: true, secretHint: true, createdAt: true, updatedAt: true } as const;
type Row = { id: string; name: string; url: string; events: string; credentialId: string | null; enabled: boolean; secretHint: string; createdAt: Date; updatedAt: Date };

// The signing secret is bound to its webhook and owner, like a credential to its row.
export const secretAad = (id: string, userId: string) => `webhook:${id}:${userId}`;
export const newDeliveryId = () => `msg_${randomBytes(16).toString("hex")}`;
export const maxWebhooks = () => env().MAX_WEBHOOKS;

export const countWebhooks = (viewer: Viewer) => db().webhook.count({ where: { userId: viewer.id } });

async function credentialNames(userId: string): Promise<Map<string, string>> {
  const rows = await db().credential.findMany({ where: { userId }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

function toDTO(row: Row, names: Map<string, string>): WebhookDTO {
  const credentialName = row.credentialId ? names.get(row.credentialId) ?? null : null;
  return { ...row, events: parseEvents(row.events), credentialName, credentialMissing: row.credentialId !== null && credentialName === null };
}

export async function listWebhooks(viewer: Viewer): Promise<(WebhookDTO & { lastDelivery: { status: string; statusCode: number | null; attempted: boolean; createdAt: Date } | null })[]> {
  const [rows, names] = await Promise.all([
    db().webhook.findMany({ where: { userId: viewer.id }, orderBy: { name: "asc" }, select }),
    credentialNames(viewer.id),
  ]);
  // One indexed LIMIT 1 query per webhook (at most MAX_WEBHOOKS). A nested `deliveries: { take: 1 }`
  // on the list looks the same but Prisma then reads every delivery of every webhook and
  // slices in memory, and deliveries are kept.
  const last = await Promise.all(
    rows.map((row) =>
      db().webhookDelivery.findFirst({
        where: { webhookId: row.id, userId: viewer.id },
        orderBy: { createdAt: "desc" },
        select: { status: true, createdAt: true, log: { orderBy: { number: "desc" }, take: 1, select: { statusCode: true } } },
      }),
    ),
  );
  return rows.map((row, i) => {
    const delivery = last[i];
    return {
      ...toDTO(row, names),
      lastDelivery: delivery ? { status: delivery.status, createdAt: delivery.createdAt, statusCode: delivery.log[0]?.statusCode ?? null, attempted: delivery.log.length > 0 } : null,
    };
  });
}

export async function getWebhook(viewer: Viewer, id: string): Promise<WebhookDTO | null> {
  const row = await db().webhook.findFirst({ where: { id, userId: viewer.id }, select });
  return row ? toDTO(row, await credentialNames(viewer.id)) : null;
}

/** Webhook names per credential id, for the credential cards and the delete warning. */
export async function webhooksByCredential(viewer: Viewer): Promise<Map<string, string[]>> {
  const rows = await db().webhook.findMany({ where: { userId: viewer.id, credentialId: { not: null } }, orderBy: { name: "asc" }, select: { name: true, credentialId: true } });
  const byCredential = new Map<string, string[]>();
  for (const row of rows) byCredential.set(row.credentialId!, [...(byCredential.get(row.credentialId!) ?? []), row.name]);
  return byCredential;
}

export type SaveWebhookResult =
  | { ok: true; webhook: WebhookDTO; secret?: string }
  | { ok: false; reason: "limit_reached" | "name_taken" | "not_found" }
  | { ok: false; reason: "invalid"; field: "url" | "credentialId"; message: string };

async function checkInput(viewer: Viewer, input: WebhookInput): Promise<SaveWebhookResult | null> {
  const refused = await checkDestination(new URL(input.url), env().WEBHOOK_ALLOW_PRIVATE_NETWORKS);
  if (refused) return { ok: false, reason: "invalid", field: "url", message: "This address is on a private or reserved network. Webhooks can only reach public addresses." };
  if (input.credentialId !== NO_AUTH) {
    const owned = await db().credential.findFirst({ where: { id: input.credentialId, userId: viewer.id }, select: { id: true } });
    if (!owned) return { ok: false, reason: "invalid", field: "credentialId", message: "Choose a credential from the list." };
  }
  return null;
}

const fields = (input: WebhookInput) => ({
  name: input.name,
  url: input.url,
  events: input.events.join(","),
  credentialId: input.credentialId === NO_AUTH ? null : input.credentialId,
  enabled: input.enabled,
});

/** Creates a webhook and its signing secret, which is returned here once and never again. */
export async function createWebhook(viewer: Viewer, input: WebhookInput): Promise<SaveWebhookResult> {
  const invalid = await checkInput(viewer, input);
  if (invalid) return invalid;
  const secret = generateSigningSecret();
  try {
    const result = await db().$transaction(async (tx) => {
      await lockUser(tx, viewer);
      if ((await tx.webhook.count({ where: { userId: viewer.id } })) >= maxWebhooks()) return null;
      const row = await tx.webhook.create({ data: { userId: viewer.id, ...fields(input), secretKeyId: "", secretSealed: "", secretHint: secret.slice(-4) }, select: { id: true } });
      const box = seal(keyRing(), secret, secretAad(row.id, viewer.id));
      return tx.webhook.update({ where: { id: row.id }, data: { secretKeyId: box.keyId, secretSealed: box.sealed }, select });
    });
    if (!result) return { ok: false, reason: "limit_reached" };
    return { ok: true, webhook: toDTO(result, await credentialNames(viewer.id)), secret };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
}

export async function updateWebhook(viewer: Viewer, id: string, input: WebhookInput): Promise<SaveWebhookResult> {
  const invalid = await checkInput(viewer, input);
  if (invalid) return invalid;
  try {
    const changed = await db().webhook.updateMany({ where: { id, userId: viewer.id }, data: fields(input) });
    if (changed.count === 0) return { ok: false, reason: "not_found" };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
  const webhook = await getWebhook(viewer, id);
  return webhook ? { ok: true, webhook } : { ok: false, reason: "not_found" };
}

/** A new signing secret, returned once. The old one stops signing at once. */
export async function rollWebhookSecret(viewer: Viewer, id: string): Promise<string | null> {
  const secret = generateSigningSecret();
  const box = seal(keyRing(), secret, secretAad(id, viewer.id));
  const changed = await db().webhook.updateMany({ where: { id, userId: viewer.id }, data: { secretKeyId: box.keyId, secretSealed: box.sealed, secretHint: secret.slice(-4) } });
  return changed.count === 1 ? secret : null;
}

export async function deleteWebhook(viewer: Viewer, id: string): Promise<boolean> {
  const deleted = await db().webhook.deleteMany({ where: { id, userId: viewer.id } });
  return deleted.count > 0;
}

/** Server-side only, for signing: the opened secret of a webhook. */
export function openSigningSecret(row: { id: string; userId: string; secretKeyId: string; secretSealed: string }, ring: KeyRing = keyRing()): string {
  return open(ring, { keyId: row.secretKeyId, sealed: row.secretSealed }, secretAad(row.id, row.userId));
}

/** `npm run credentials:rotate`, for signing secrets: the same batches and guarantees as for credentials. */
export function rotateWebhookSecrets(ring: KeyRing = keyRing(), batchSize = 100): Promise<{ rotated: number; failed: string[] }> {
  return resealInBatches(
    (after) =>
      db().webhook.findMany({
        where: { secretKeyId: { not: ring.current }, id: { gt: after } },
        orderBy: { id: "asc" },
        take: batchSize,
        select: { id: true, userId: true, secretKeyId: true, secretSealed: true },
      }),
    (row) => openSigningSecret(row, ring),
    async (row, secret) => {
      const box = seal(ring, secret, secretAad(row.id, row.userId));
      const done = await db().webhook.updateMany({
        where: { id: row.id, secretKeyId: row.secretKeyId, secretSealed: row.secretSealed },
        data: { secretKeyId: box.keyId, secretSealed: box.sealed },
      });
      return done.count;
    },
  );
}

/**
 * The outbox: stores one delivery per subscribed webhook in the caller's transaction, so an
 * event exists exactly when the change that caused it committed. Sending happens later, off
 * the request (lib/webhooks/worker.ts); the caller only pays for this insert.
 */
export async function enqueueEvent(tx: Tx, userId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<number> {
  const hooks = await tx.webhook.findMany({ where: { userId, enabled: true }, select: { id: true, events: true } });
  const targets = hooks.filter((hook) => parseEvents(hook.events).includes(event));
  if (targets.length === 0) return 0;
  const now = new Date();
  await tx.webhookDelivery.createMany({
    data: targets.map((hook) => ({ id: newDeliveryId(), webhookId: hook.id, userId, event, payload: eventPayload(event, data, now), nextAttemptAt: now })),
  });
  return targets.length;
}

export type TestEventResult = { ok: true } | { ok: false; reason: "not_found" } | { ok: false; reason: "rate_limited"; budget: number; retryAfterSeconds: number };

/**
 * "Send test event": one delivery to this webhook only, whatever it subscribes to. Each one
 * spends the user's per-minute budget before anything is stored, so parallel clicks (or a
 * script posting the action) queue at most the budget.
 */
export async function sendTestEvent(viewer: Viewer, id: string): Promise<TestEventResult> {
  const hook = await db().webhook.findFirst({ where: { id, userId: viewer.id }, select: { id: true, name: true } });
  if (!hook) return { ok: false, reason: "not_found" };
  const budget = await consumeTestEvent(viewer.id);
  if (!budget.ok) return { ok: false, reason: "rate_limited", budget: budget.limit.limit, retryAfterSeconds: budget.retryAfterSeconds };
  await db().webhookDelivery.create({
    data: {
      id: newDeliveryId(),
      webhookId: hook.id,
      userId: viewer.id,
      event: TEST_EVENT,
      payload: eventPayload(TEST_EVENT, { webhook: { id: hook.id, name: hook.name }, message: "This is a test event from Latchkey." }),
    },
    select: { id: true },
  });
  nudgeWebhooks();
  return { ok: true };
}

/** An attempt as the delivery log shows it: what was recorded, plus a hint for a 401 or 403. */
export type AttemptDTO = AttemptRecord & { hint: string | null };

export type DeliveryDTO = {
  id: string;
  event: DeliveryEvent;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  log: AttemptDTO[];
};

export const DELIVERY_PAGE_SIZE = 25;

/** The delivery log of one of the viewer's webhooks, newest first, with every attempt. */
export async function listDeliveries(viewer: Viewer, webhook: WebhookDTO, page = 1): Promise<{ deliveries: DeliveryDTO[]; total: number; pages: number }> {
  const where = { webhookId: webhook.id, userId: viewer.id };
  const [rows, total] = await Promise.all([
    db().webhookDelivery.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * DELIVERY_PAGE_SIZE,
      take: DELIVERY_PAGE_SIZE,
      select: {
        id: true, event: true, status: true, attempts: true, nextAttemptAt: true, createdAt: true,
        log: { orderBy: { number: "desc" }, select: { number: true, startedAt: true, durationMs: true, statusCode: true, error: true, requestUrl: true, requestHeaders: true, responseExcerpt: true } },
      },
    }),
    db().webhookDelivery.count({ where }),
  ]);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / DELIVERY_PAGE_SIZE)),
    deliveries: rows.map((row) => ({
      ...row,
      event: row.event as DeliveryEvent,
      status: row.status as DeliveryDTO["status"],
      nextAttemptAt: row.status === "pending" ? row.nextAttemptAt : null,
      log: row.log.map((attempt) => ({
        ...attempt,
        requestHeaders: JSON.parse(attempt.requestHeaders) as Record<string, string>,
        hint: troubleshootingHint(attempt.statusCode, attempt.error, { credential: webhook.credentialName }),
      })),
    })),
  };
}
