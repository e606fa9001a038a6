import "server-only";
import { env } from "@/lib/env";
import { credentialForCall, type OutboundCredential } from "@/lib/dal/credentials";
import { deliveryToSend, recordAttempt, type NextStep } from "@/lib/dal/webhook-deliveries";
import { openSigningSecret } from "@/lib/dal/webhooks";
import { applyCredential } from "@/lib/outbound/apply-credential";
import { redactRequest, retryDelayMs, scrubSecrets } from "./log";
import { send, type SendOutcome } from "./send";
import { signatureHeaders } from "./signing";

const NOT_SENT: Record<Exclude<OutboundCredential, { ok: true }>["reason"], string> = {
  deleted: "Not sent: the credential this webhook uses was deleted. Choose another one under Authentication.",
  unshared: "Not sent: the credential this webhook uses is no longer shared with its owner. Ask its creator or an Admin to share it again, or choose another one under Authentication.",
  host: "Not sent: the credential this webhook uses may not be sent to this URL's host. Change the URL or the credential's allowed hosts.",
};

/** One attempt at a delivery this worker holds the lease on: sign, authenticate, send, record. */
export async function attempt(id: string): Promise<void> {
  const delivery = await deliveryToSend(id);
  if (!delivery) return; // its webhook was deleted meanwhile
  const { webhook } = delivery;
  const config = env();
  const number = delivery.attempts + 1;
  const startedAt = new Date();
  const url = new URL(webhook.url);
  const headers = new Headers({ "content-type": "application/json", "user-agent": "Latchkey-Webhooks/1.0" });

  let credential: Extract<OutboundCredential, { ok: true }>["secret"] | null = null;
  let problem: string | null = null;
  if (webhook.credentialId) {
    try {
      // Checked at every call: deleted, no longer shared with this webhook's owner, or not for
      // this host means the call is not made at all, never made without authentication and
      // never made carrying the credential somewhere it is not for.
      const found = await credentialForCall({ workspaceId: webhook.workspaceId, credentialId: webhook.credentialId, ownerId: webhook.userId, url });
      if (found.ok) credential = found.secret;
      else problem = NOT_SENT[found.reason];
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
  const finishedAt = new Date();
  const next: NextStep = ok
    ? { status: "delivered" }
    : number >= config.WEBHOOK_MAX_ATTEMPTS
      ? { status: "failed" }
      : { status: "pending", retryAt: new Date(finishedAt.getTime() + retryDelayMs(number, config.WEBHOOK_RETRY_BASE_MS)) };
  const shown = redactRequest(url, headers, credential);
  await recordAttempt(
    id,
    {
      number,
      startedAt,
      durationMs: outcome.durationMs,
      statusCode: outcome.statusCode,
      // A redirect's Location (in the error) may echo the credential, like a body may.
      error: outcome.error && scrubSecrets(outcome.error, credential),
      requestUrl: shown.url,
      requestHeaders: shown.headers,
      responseExcerpt: scrubSecrets(outcome.responseExcerpt, credential),
    },
    next,
    finishedAt,
  );
}
