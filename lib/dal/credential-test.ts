import "server-only";
import { serviceById } from "@/lib/credentials/catalogue";
import { hostAllowed, storedHosts } from "@/lib/credentials/hosts";
import { buildTestRequest, verdictOf, type TestVerdict } from "@/lib/credentials/test-request";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { consumeConnectionTest } from "@/lib/limits/rate-limit";
import { send } from "@/lib/webhooks/send";
import type { Viewer } from "@/lib/viewer";
import { credentialsUsableBy, openCredential } from "./credentials";

/** Short: a person is waiting on the button, and a slow service says enough by timing out. */
export const CONNECTION_TEST_TIMEOUT_MS = 5_000;

export type ConnectionTestResult =
  | { ok: true; statusCode: number | null; verdict: TestVerdict; durationMs: number; error: string | null }
  | { ok: false; reason: "not_found" | "no_test" | "host_not_allowed" }
  | { ok: false; reason: "rate_limited"; budget: number; retryAfterSeconds: number };

/**
 * "Test connection": the service's harmless request (lib/credentials/catalogue.ts) with the
 * stored credential applied, through the webhooks' SSRF-guarded client (lib/webhooks/send.ts:
 * the address policy on the address actually connected to, no redirects followed, a hard time
 * limit). Only someone who may use the credential can test it (credentialsUsableBy, the rule
 * for picking it as a webhook's Authentication): a Viewer, another workspace's member, or anyone
 * it is not shared with gets "not_found", and spends no budget. The service's host must be
 * among the credential's allowed hosts, like any other place it is sent.
 *
 * What comes back is the status code, a verdict and the client's own error line (which names
 * hosts and addresses, never the request's headers). The response body is read only to find a
 * service's `ok` field and is then dropped: it is never returned, stored or logged, since a
 * service may echo the credential.
 */
export async function testCredentialConnection(viewer: Viewer, id: string): Promise<ConnectionTestResult> {
  if (viewer.role === "viewer") return { ok: false, reason: "not_found" };
  const row = await db().credential.findFirst({ where: { id, ...credentialsUsableBy(viewer.workspace.id, viewer.id) }, select: { id: true, service: true, hosts: true } });
  if (!row) return { ok: false, reason: "not_found" };
  const service = serviceById(row.service);
  if (!service?.test) return { ok: false, reason: "no_test" };
  // The service's own address decides, never the test-only override (a loopback stand-in).
  if (!service.apiBase || !hostAllowed(service.apiBase, storedHosts(row.hosts))) return { ok: false, reason: "host_not_allowed" };
  const budget = await consumeConnectionTest(viewer.id);
  if (!budget.ok) return { ok: false, reason: "rate_limited", budget: budget.limit.limit, retryAfterSeconds: budget.retryAfterSeconds };
  const secret = await openCredential(viewer.workspace.id, row.id);
  if (!secret) return { ok: false, reason: "not_found" };
  const config = env();
  const request = buildTestRequest(service, secret, config.LATCHKEY_SERVICE_BASE_URL_OVERRIDE);
  if (!request) return { ok: false, reason: "no_test" };
  const outcome = await send({ ...request, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS, timeoutMs: CONNECTION_TEST_TIMEOUT_MS });
  const redirected = outcome.statusCode !== null && outcome.statusCode >= 300 && outcome.statusCode < 400;
  return {
    ok: true,
    statusCode: outcome.statusCode,
    verdict: verdictOf(service, outcome.statusCode, outcome.responseExcerpt),
    durationMs: outcome.durationMs,
    // A redirect's Location could carry anything the service chose: say only that it was not followed.
    error: redirected ? "The service answered with a redirect, which is not followed." : outcome.error,
  };
}
