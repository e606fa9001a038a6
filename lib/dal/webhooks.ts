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
import { hostAllowed, storedHosts } from "@/lib/credentials/hosts";
import { atLeast, canManageOwned, canSeeCredential, canUseCredential, type CredentialAccess, type Sharing } from "@/lib/workspaces/roles";
import { eventPayload, parseEvents, TEST_EVENT, type DeliveryEvent, type WebhookEvent } from "@/lib/webhooks/events";
import { troubleshootingHint } from "@/lib/webhooks/log";
import { nudgeWebhooks } from "@/lib/webhooks/nudge";
import { checkDestination } from "@/lib/webhooks/send";
import { generateSigningSecret } from "@/lib/webhooks/signing";
import { hasRoomFor } from "@/lib/plans/limits";
import { credentialsUsableBy } from "./credentials";
import { limitIn } from "./plans";
import { resealInBatches } from "./reseal";
import { LOCKED_TX, lockWorkspace, type Tx } from "./workspace-lock";
import { isUniqueViolation } from "./prisma-errors";

export type WebhookDTO = {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  credentialId: string | null;
  /** The credential's name; null for no authentication, when it was deleted, or when the viewer may not see it. */
  credentialName: string | null;
  credentialMissing: boolean;
  /** Its credential exists but is no longer shared with the webhook's owner: deliveries fail saying so. */
  credentialUnshared: boolean;
  /** It uses a credential the viewer may not see (someone else's, for a Member; any, for a Viewer). */
  credentialHidden: boolean;
  /** Whether the viewer may edit, delete, roll the secret of, or test this webhook (canManageOwned). */
  manageable: boolean;
  enabled: boolean;
  secretHint: string;
  createdAt: Date;
  updatedAt: Date;
};

const select = { id: true, userId: true, name: true, url: true, events: true, credentialId: true, enabled: true, secretHint: true, createdAt: true, updatedAt: true } as const;
type Row = { id: string; userId: string; name: string; url: string; events: string; credentialId: string | null; enabled: boolean; secretHint: string; createdAt: Date; updatedAt: Date };

// The signing secret is bound to its webhook and owner, like a credential to its row.
export const secretAad = (id: string, userId: string) => `webhook:${id}:${userId}`;
export const newDeliveryId = () => `msg_${randomBytes(16).toString("hex")}`;
export const countWebhooks = (viewer: Viewer) => db().webhook.count({ where: { workspaceId: viewer.workspace.id } });

type CredentialInfo = { name: string | null; access: CredentialAccess };

/**
 * The workspace's credentials by id, each with its name if the viewer may see it exists
 * (canSeeCredential) or null if not: a webhook then shows that it authenticates, not with what.
 */
async function credentialNames(viewer: Viewer): Promise<Map<string, CredentialInfo>> {
  const rows = await db().credential.findMany({ where: { workspaceId: viewer.workspace.id }, select: { id: true, name: true, userId: true, sharing: true, shares: { select: { userId: true } } } });
  return new Map(
    rows.map((r) => {
      const access = { userId: r.userId, sharing: r.sharing as Sharing, sharedWith: r.shares.map((s) => s.userId) };
      return [r.id, { name: canSeeCredential(viewer.role, access, viewer.id) ? r.name : null, access }];
    }),
  );
}

function toDTO(viewer: Viewer, { userId, ...row }: Row, names: Map<string, CredentialInfo>): WebhookDTO {
  const info = row.credentialId !== null ? names.get(row.credentialId) : undefined;
  const credentialName = info?.name ?? null;
  return {
    ...row,
    events: parseEvents(row.events),
    credentialName,
    credentialMissing: row.credentialId !== null && !info,
    credentialUnshared: !!info && !canUseCredential(info.access, userId),
    credentialHidden: !!info && credentialName === null,
    manageable: canManageOwned(viewer.role, { userId }, viewer.id),
  };
}

/**
 * Webhook `id` of the viewer's workspace if the viewer may change it (canManageOwned: its
 * creator if a Member, anyone's for Admins and Owners, none for Viewers), or why not.
 */
async function webhookToChange(viewer: Viewer, id: string) {
  const hook = await db().webhook.findFirst({ where: { id, workspaceId: viewer.workspace.id }, select: { id: true, userId: true, name: true, credentialId: true } });
  if (!hook) return "not_found" as const;
  if (!canManageOwned(viewer.role, hook, viewer.id)) return "forbidden" as const;
  return hook;
}

/**
 * The `where` of a write to webhook `id` after webhookToChange allowed it: a Member's write
 * names them as the creator again, so a webhook handed to someone else in between (a departing
 * member's, transferred) is not changed.
 */
const changeWhere = (viewer: Viewer, id: string) => ({ id, workspaceId: viewer.workspace.id, ...(atLeast(viewer.role, "admin") ? {} : { userId: viewer.id }) });

export async function listWebhooks(viewer: Viewer): Promise<(WebhookDTO & { lastDelivery: { status: string; statusCode: number | null; attempted: boolean; createdAt: Date } | null })[]> {
  const [rows, names] = await Promise.all([
    db().webhook.findMany({ where: { workspaceId: viewer.workspace.id }, orderBy: { name: "asc" }, select }),
    credentialNames(viewer),
  ]);
  // One indexed LIMIT 1 query per webhook (at most the plan's webhook limit). A nested `deliveries: { take: 1 }`
  // on the list looks the same but Prisma then reads every delivery of every webhook and
  // slices in memory, and deliveries are kept.
  const last = await Promise.all(
    rows.map((row) =>
      db().webhookDelivery.findFirst({
        where: { webhookId: row.id, workspaceId: viewer.workspace.id },
        orderBy: { createdAt: "desc" },
        select: { status: true, createdAt: true, log: { orderBy: { number: "desc" }, take: 1, select: { statusCode: true } } },
      }),
    ),
  );
  return rows.map((row, i) => {
    const delivery = last[i];
    return {
      ...toDTO(viewer, row, names),
      lastDelivery: delivery ? { status: delivery.status, createdAt: delivery.createdAt, statusCode: delivery.log[0]?.statusCode ?? null, attempted: delivery.log.length > 0 } : null,
    };
  });
}

export async function getWebhook(viewer: Viewer, id: string): Promise<WebhookDTO | null> {
  const row = await db().webhook.findFirst({ where: { id, workspaceId: viewer.workspace.id }, select });
  return row ? toDTO(viewer, row, await credentialNames(viewer)) : null;
}

/** Webhook names per credential id (lib/dal/credential-sharing.ts has them with their owners). */
export async function webhooksByCredential(viewer: Viewer): Promise<Map<string, string[]>> {
  const rows = await db().webhook.findMany({ where: { workspaceId: viewer.workspace.id, credentialId: { not: null } }, orderBy: { name: "asc" }, select: { name: true, credentialId: true } });
  const byCredential = new Map<string, string[]>();
  for (const row of rows) byCredential.set(row.credentialId!, [...(byCredential.get(row.credentialId!) ?? []), row.name]);
  return byCredential;
}

export type SaveWebhookResult =
  | { ok: true; webhook: WebhookDTO; secret?: string }
  | { ok: false; reason: "limit_reached" | "name_taken" | "not_found" | "forbidden" }
  | { ok: false; reason: "invalid"; field: "url" | "credentialId"; message: string };

const hostList = (hosts: string[]) => (hosts.length > 0 ? hosts.join(", ") : "no host yet");

/** Why the URL cannot be used (a private or reserved network), or null. Resolves DNS: outside any transaction. */
async function checkUrl(input: WebhookInput): Promise<SaveWebhookResult | null> {
  const refused = await checkDestination(new URL(input.url), env().WEBHOOK_ALLOW_PRIVATE_NETWORKS);
  return refused ? { ok: false, reason: "invalid", field: "url", message: "This address is on a private or reserved network. Webhooks can only reach public addresses." } : null;
}

/**
 * Why the input's credential cannot be saved with it, or null. `ownerId` is the webhook's owner
 * (the viewer, for a new one), whose use of the credential is what every delivery checks again.
 *
 * Attaching a credential (one the webhook does not have yet) needs one the viewer may use
 * (canUseCredential: theirs or shared with them; anything else is refused exactly like one that
 * does not exist) and that the webhook's owner may use too. Keeping the credential a webhook
 * already has (`current`, on an edit) is not attaching it. Either way the URL's host must be
 * one the credential may be sent to: otherwise a teammate could point a webhook that uses a
 * shared credential at their own server and read the secret from the request.
 *
 * Runs in the save's transaction after lockWorkspace, the lock every change to a credential's
 * existence, sharing or hosts takes too (lib/dal/credentials.ts, credential-sharing.ts): checked
 * before the lock, a delete, an un-share or a narrowing could land between this read and the
 * write, and the webhook would keep what it just lost.
 */
async function checkCredential(tx: Tx, viewer: Viewer, input: WebhookInput, ownerId: string, current: string | null = null): Promise<SaveWebhookResult | null> {
  if (input.credentialId === NO_AUTH) return null;
  const attaching = input.credentialId !== current;
  const where = attaching ? credentialsUsableBy(viewer.workspace.id, viewer.id) : { workspaceId: viewer.workspace.id };
  const credential = await tx.credential.findFirst({ where: { id: input.credentialId, ...where }, select: { hosts: true, userId: true, sharing: true, shares: { where: { userId: ownerId }, select: { userId: true } } } });
  if (!credential) {
    // A kept credential that was deleted since: saving other changes is allowed; deliveries say why they fail.
    if (!attaching) return null;
    return { ok: false, reason: "invalid", field: "credentialId", message: "Choose a credential from the list." };
  }
  if (attaching && !canUseCredential({ userId: credential.userId, sharing: credential.sharing as Sharing, sharedWith: credential.shares.map((s) => s.userId) }, ownerId)) {
    return { ok: false, reason: "invalid", field: "credentialId", message: "This credential is not shared with the webhook’s owner. Share it with them first, or choose another." };
  }
  const hosts = storedHosts(credential.hosts);
  if (!hostAllowed(input.url, hosts)) {
    return attaching
      ? { ok: false, reason: "invalid", field: "credentialId", message: `This credential may only be sent to ${hostList(hosts)}. Choose another credential, or use a URL on one of those hosts.` }
      : { ok: false, reason: "invalid", field: "url", message: `The credential this webhook uses may only be sent to ${hostList(hosts)}. Use a URL on one of those hosts, or choose another credential.` };
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

/**
 * Creates a webhook and its signing secret, which is returned here once and never again.
 * Members, Admins and Owners may; a Viewer is refused ("forbidden") before anything is checked.
 */
export async function createWebhook(viewer: Viewer, input: WebhookInput): Promise<SaveWebhookResult> {
  if (!atLeast(viewer.role, "member")) return { ok: false, reason: "forbidden" };
  const badUrl = await checkUrl(input);
  if (badUrl) return badUrl;
  const secret = generateSigningSecret();
  try {
    const result = await db().$transaction(async (tx) => {
      await lockWorkspace(tx, viewer.workspace);
      const invalid = await checkCredential(tx, viewer, input, viewer.id);
      if (invalid) return invalid;
      const { limit } = await limitIn(tx, viewer.workspace.id, "webhooks");
      if (!hasRoomFor(await tx.webhook.count({ where: { workspaceId: viewer.workspace.id } }), limit)) return null;
      const row = await tx.webhook.create({ data: { workspaceId: viewer.workspace.id, userId: viewer.id, ...fields(input), secretKeyId: "", secretSealed: "", secretHint: secret.slice(-4) }, select: { id: true } });
      const box = seal(keyRing(), secret, secretAad(row.id, viewer.id));
      return tx.webhook.update({ where: { id: row.id }, data: { secretKeyId: box.keyId, secretSealed: box.sealed }, select });
    }, LOCKED_TX);
    if (!result) return { ok: false, reason: "limit_reached" };
    if ("ok" in result) return result;
    return { ok: true, webhook: toDTO(viewer, result, await credentialNames(viewer)), secret };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
}

export async function updateWebhook(viewer: Viewer, id: string, input: WebhookInput): Promise<SaveWebhookResult> {
  const hook = await webhookToChange(viewer, id);
  if (typeof hook === "string") return { ok: false, reason: hook };
  const badUrl = await checkUrl(input);
  if (badUrl) return badUrl;
  try {
    const refused = await db().$transaction(async (tx): Promise<SaveWebhookResult | null> => {
      await lockWorkspace(tx, viewer.workspace);
      // Its owner and credential as they are now, under the lock (a transfer or another edit may have landed).
      const now = await tx.webhook.findFirst({ where: changeWhere(viewer, id), select: { userId: true, credentialId: true } });
      if (!now) return { ok: false, reason: "not_found" };
      const invalid = await checkCredential(tx, viewer, input, now.userId, now.credentialId);
      if (invalid) return invalid;
      const changed = await tx.webhook.updateMany({ where: changeWhere(viewer, id), data: fields(input) });
      return changed.count === 0 ? { ok: false, reason: "not_found" } : null;
    }, LOCKED_TX);
    if (refused) return refused;
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
  const webhook = await getWebhook(viewer, id);
  return webhook ? { ok: true, webhook } : { ok: false, reason: "not_found" };
}

export type WebhookChangeResult = { ok: true } | { ok: false; reason: "not_found" | "forbidden" };
export type RollSecretResult = { ok: true; secret: string } | { ok: false; reason: "not_found" | "forbidden" };

/** A new signing secret, returned once. The old one stops signing at once. */
export async function rollWebhookSecret(viewer: Viewer, id: string): Promise<RollSecretResult> {
  const hook = await webhookToChange(viewer, id);
  if (typeof hook === "string") return { ok: false, reason: hook };
  const secret = generateSigningSecret();
  // Bound to the webhook's creator, like every signing secret (secretAad), whoever rolls it;
  // the write names that creator too, so a secret sealed for one creator never lands on a row
  // handed to another in between (it would no longer open).
  const box = seal(keyRing(), secret, secretAad(id, hook.userId));
  const changed = await db().webhook.updateMany({ where: { ...changeWhere(viewer, id), userId: hook.userId }, data: { secretKeyId: box.keyId, secretSealed: box.sealed, secretHint: secret.slice(-4) } });
  return changed.count === 1 ? { ok: true, secret } : { ok: false, reason: "not_found" };
}

export async function deleteWebhook(viewer: Viewer, id: string): Promise<WebhookChangeResult> {
  const hook = await webhookToChange(viewer, id);
  if (typeof hook === "string") return { ok: false, reason: hook };
  const deleted = await db().webhook.deleteMany({ where: changeWhere(viewer, id) });
  return deleted.count > 0 ? { ok: true } : { ok: false, reason: "not_found" };
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
export async function enqueueEvent(tx: Tx, workspaceId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<number> {
  const hooks = await tx.webhook.findMany({ where: { workspaceId, enabled: true }, select: { id: true, events: true } });
  const targets = hooks.filter((hook) => parseEvents(hook.events).includes(event));
  if (targets.length === 0) return 0;
  const now = new Date();
  await tx.webhookDelivery.createMany({
    data: targets.map((hook) => ({ id: newDeliveryId(), webhookId: hook.id, workspaceId, event, payload: eventPayload(event, data, now), nextAttemptAt: now })),
  });
  return targets.length;
}

export type TestEventResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "forbidden" }
  | { ok: false; reason: "rate_limited"; budget: number; retryAfterSeconds: number };

/**
 * "Send test event": one delivery to this webhook only, whatever it subscribes to, by someone
 * who may change it (a Member cannot make a teammate's endpoint receive requests). Each one
 * spends the user's per-minute budget before anything is stored, so parallel clicks (or a
 * script posting the action) queue at most the budget; a refused one spends nothing.
 */
export async function sendTestEvent(viewer: Viewer, id: string): Promise<TestEventResult> {
  const hook = await webhookToChange(viewer, id);
  if (typeof hook === "string") return { ok: false, reason: hook };
  const budget = await consumeTestEvent(viewer.id);
  if (!budget.ok) return { ok: false, reason: "rate_limited", budget: budget.limit.limit, retryAfterSeconds: budget.retryAfterSeconds };
  await db().webhookDelivery.create({
    data: {
      id: newDeliveryId(),
      webhookId: hook.id,
      workspaceId: viewer.workspace.id,
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
  const where = { webhookId: webhook.id, workspaceId: viewer.workspace.id };
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
