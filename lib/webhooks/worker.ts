import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { openCredential } from "@/lib/dal/credentials";
import { enqueueEvent, openSigningSecret } from "@/lib/dal/webhooks";
import { applyCredential } from "@/lib/outbound/apply-credential";
import { EXPIRY_NOTICE_MS, keyEventData } from "./events";
import { redactRequest, retryDelayMs, scrubSecrets } from "./log";
import { setWebhookWake } from "./nudge";
import { send, type SendOutcome } from "./send";
import { signatureHeaders } from "./signing";

/**
 * The delivery worker. Every instance runs one (started from instrumentation.ts); they share
 * the work through the database: a delivery is taken by a compare-and-set on its lease, so two
 * instances never send the same attempt, and one that dies mid-send leaves a lease that
 * expires, after which another instance retries. Delivery is at least once: receivers drop
 * duplicates by webhook-id.
 */
const CONCURRENCY = 16;
const LEASE_MARGIN_MS = 15_000;
const EXPIRY_SCAN_MS = 60_000;

const inFlight = new Set<Promise<void>>();

/** Takes up to `limit` due deliveries and starts sending them; returns how many it took. */
export async function claimAndSend(limit = CONCURRENCY - inFlight.size, now = new Date()): Promise<number> {
  if (limit <= 0) return 0;
  const due = await db().webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, leaseUntil: true },
  });
  let taken = 0;
  for (const candidate of due) {
    const leaseUntil = new Date(now.getTime() + env().WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
    const claim = await db().webhookDelivery.updateMany({ where: { id: candidate.id, status: "pending", leaseUntil: candidate.leaseUntil }, data: { leaseUntil } });
    if (claim.count !== 1) continue;
    taken++;
    const job = attempt(candidate.id)
      .catch((error: Error) => console.error("[webhooks] attempt failed:", error.message))
      .finally(() => {
        inFlight.delete(job);
        wake();
      });
    inFlight.add(job);
  }
  return taken;
}

/** Waits for every attempt this process has started (tests, shutdown). */
export async function drain(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
}

async function attempt(id: string): Promise<void> {
  const delivery = await db().webhookDelivery.findUnique({
    where: { id },
    select: { id: true, userId: true, payload: true, attempts: true, webhook: { select: { id: true, userId: true, url: true, credentialId: true, secretKeyId: true, secretSealed: true } } },
  });
  if (!delivery) return; // its webhook was deleted meanwhile
  const { webhook } = delivery;
  const config = env();
  const number = delivery.attempts + 1;
  const startedAt = new Date();
  const url = new URL(webhook.url);
  const headers = new Headers({ "content-type": "application/json", "user-agent": "Latchkey-Webhooks/1.0" });

  let credential: Awaited<ReturnType<typeof openCredential>> = null;
  let problem: string | null = null;
  if (webhook.credentialId) {
    try {
      credential = await openCredential(webhook.userId, webhook.credentialId);
      if (!credential) problem = "Not sent: the credential this webhook uses was deleted. Choose another one under Authentication.";
    } catch {
      problem = "Not sent: the credential could not be decrypted (its encryption key is missing from ENCRYPTION_KEYS, or the stored value was altered).";
    }
  }
  // Every way of not sending is a recorded attempt, never an exception: an exception would
  // leave the delivery to be retried forever, and could carry a secret into the server log
  // (Headers.set puts a refused value in its message). So no error message is kept here.
  if (!problem) {
    try {
      const signature = signatureHeaders(openSigningSecret(webhook), delivery.id, delivery.payload, startedAt);
      for (const [name, value] of Object.entries(signature)) headers.set(name, value);
    } catch {
      problem = "Not sent: this webhook's signing secret could not be decrypted (its encryption key is missing from ENCRYPTION_KEYS, or the stored value was altered). Roll the secret.";
    }
  }
  if (!problem && credential) {
    try {
      applyCredential(credential, url, headers);
    } catch {
      problem = "Not sent: the credential's value cannot be sent in a request (it contains a line break or another character headers may not hold). Edit the credential.";
    }
  }
  const outcome: SendOutcome = problem
    ? { statusCode: null, error: problem, durationMs: 0, responseExcerpt: "" }
    : await send({ url, headers: Object.fromEntries(headers), body: delivery.payload, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS, timeoutMs: config.WEBHOOK_TIMEOUT_MS });

  const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
  const last = number >= config.WEBHOOK_MAX_ATTEMPTS;
  const shown = redactRequest(url, headers, credential);
  const finishedAt = new Date();
  try {
    await db().$transaction([
      db().webhookAttempt.create({
        data: {
          deliveryId: id,
          number,
          startedAt,
          durationMs: outcome.durationMs,
          statusCode: outcome.statusCode,
          // A redirect's Location (in the error) may echo the credential, like a body may.
          error: outcome.error && scrubSecrets(outcome.error, credential),
          requestUrl: shown.url,
          requestHeaders: JSON.stringify(shown.headers),
          responseExcerpt: scrubSecrets(outcome.responseExcerpt, credential),
        },
        select: { id: true },
      }),
      db().webhookDelivery.update({
        where: { id },
        data: ok
          ? { status: "delivered", attempts: number, leaseUntil: null, finishedAt }
          : last
            ? { status: "failed", attempts: number, leaseUntil: null, finishedAt }
            : { attempts: number, leaseUntil: null, nextAttemptAt: new Date(finishedAt.getTime() + retryDelayMs(number, config.WEBHOOK_RETRY_BASE_MS)) },
        select: { id: true },
      }),
    ]);
  } catch (error) {
    // Deleted with its webhook while we were sending: nothing left to record.
    if ((error as { code?: string }).code !== "P2025" && (error as { code?: string }).code !== "P2003") throw error;
  }
}

let lastExpiryScan = 0;

/**
 * Queues "key.expiring" once per key when it comes within 7 days of its expiry. The claim on
 * expiryNotifiedAt is a compare-and-set, so several instances scanning at once queue it once.
 */
export async function queueExpiryNotices(now = new Date()): Promise<number> {
  const keys = await db().apiKey.findMany({
    where: { expiryNotifiedAt: null, revokedAt: null, rolledAt: null, expiresAt: { gt: now, lte: new Date(now.getTime() + EXPIRY_NOTICE_MS) } },
    take: 200,
    select: { id: true, sid: true, name: true, prefix: true, permission: true, expiresAt: true, userId: true },
  });
  let queued = 0;
  for (const key of keys) {
    await db().$transaction(async (tx) => {
      const claim = await tx.apiKey.updateMany({ where: { id: key.id, expiryNotifiedAt: null }, data: { expiryNotifiedAt: now } });
      if (claim.count !== 1) return;
      const daysLeft = Math.max(0, Math.ceil((key.expiresAt!.getTime() - now.getTime()) / 86_400_000));
      queued += await enqueueEvent(tx, key.userId, "key.expiring", keyEventData(key, { type: "system" }, { expiresInDays: daysLeft }));
    });
  }
  return queued;
}

let timer: NodeJS.Timeout | undefined;
let running = false;
let again = false;

async function tick(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      if (Date.now() - lastExpiryScan >= EXPIRY_SCAN_MS) {
        lastExpiryScan = Date.now();
        await queueExpiryNotices();
      }
      await claimAndSend();
    } while (again);
  } catch (error) {
    // The database may be briefly away; the next poll tries again. Never a secret in here.
    console.error("[webhooks] worker:", (error as Error).message);
  } finally {
    running = false;
  }
}

const wake = () => {
  if (timer) void tick();
};

function schedule(): void {
  timer = setTimeout(async () => {
    await tick();
    if (timer) schedule();
  }, env().WEBHOOK_POLL_MS);
  timer.unref();
}

export function startWebhookWorker(): void {
  if (timer) return;
  setWebhookWake(wake);
  schedule();
  void tick();
}

export async function stopWebhookWorker(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  setWebhookWake(null);
  await drain();
}
