"use server";

import { fail, ok, type ActionResult } from "@/lib/action-result";
import { testCredentialConnection } from "@/lib/dal/credential-test";
import { VERDICT_HINTS, type TestVerdict } from "@/lib/credentials/test-request";
import { requireViewer } from "@/lib/session";
import { credentialIdSchema } from "@/lib/validation/credentials";

// A public POST endpoint like every "use server" export: it authenticates, validates and
// leaves the authorization to the DAL's `where`. It answers a status code and a hint, never
// anything the service sent back.

const NOT_FOUND = "That credential does not exist.";

export type ConnectionTestAnswer = { statusCode: number | null; verdict: TestVerdict; hint: string | null; durationMs: number };

export async function testConnectionAction(id: unknown): Promise<ActionResult<ConnectionTestAnswer>> {
  const viewer = await requireViewer("/settings/credentials");
  const credentialId = credentialIdSchema.safeParse(id);
  if (!credentialId.success) return fail(NOT_FOUND);
  const result = await testCredentialConnection(viewer, credentialId.data);
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      const wait = `${result.retryAfterSeconds} second${result.retryAfterSeconds === 1 ? "" : "s"}`;
      return fail(`You ran ${result.budget} connection tests in the last minute. Try again in ${wait}.`);
    }
    if (result.reason === "host_not_allowed") return fail("The service's host is not among this credential's allowed hosts, so it is not sent there. Add the host to test it.");
    return fail(result.reason === "no_test" ? "This credential's service has no test request." : NOT_FOUND);
  }
  const hint = result.error ?? VERDICT_HINTS[result.verdict];
  const message = result.statusCode === null ? `Could not reach the service. ${hint ?? ""}`.trim() : `The service answered ${result.statusCode}.${hint ? ` ${hint}` : ""}`;
  return ok({ message, statusCode: result.statusCode, verdict: result.verdict, hint, durationMs: result.durationMs });
}
