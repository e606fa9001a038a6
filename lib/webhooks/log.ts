import type { CredentialSecret } from "@/lib/validation/credentials";

export const REDACTED = "[redacted]";

type Applied = CredentialSecret & { fieldName: string | null };

/** The request as the log shows it: the credential's header or query value replaced. */
export function redactRequest(url: URL, headers: Headers, credential: Applied | null): { url: string; headers: Record<string, string> } {
  const shownUrl = new URL(url);
  const shown: Record<string, string> = {};
  headers.forEach((value, name) => {
    shown[name] = value;
  });
  if (credential?.type === "bearer") shown.authorization = `Bearer ${REDACTED}`;
  if (credential?.type === "basic") shown.authorization = `Basic ${REDACTED}`;
  if (credential?.type === "header") shown[(credential.fieldName ?? "X-API-Key").toLowerCase()] = REDACTED;
  if (credential?.type === "query") shownUrl.searchParams.set(credential.fieldName ?? "api_key", REDACTED);
  return { url: shownUrl.toString().replace(encodeURIComponent(REDACTED), REDACTED), headers: shown };
}

/** A receiver may echo what it got: the credential never reaches the log, even inside an answer. */
export function scrubSecrets(text: string, credential: Applied | null): string {
  if (!credential) return text;
  const secrets =
    credential.type === "bearer" ? [credential.token]
    : credential.type === "basic" ? [credential.password, credential.username, Buffer.from(`${credential.username}:${credential.password}`).toString("base64")]
    : [credential.value, encodeURIComponent(credential.value)];
  return secrets.filter((s) => s.length >= 3).reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

/** What to check when an attempt fails: the hint a user needs for the common answers. */
export function troubleshootingHint(statusCode: number | null, error: string | null, auth: { credential: string | null }): string | null {
  if (statusCode === 401) {
    return auth.credential
      ? `The receiver did not accept the credentials from “${auth.credential}”. Check that the token or password has not expired or been revoked, and that the authentication type is the one the receiver expects (Bearer token, Basic auth, or an API key in a header or query parameter, with the right name).`
      : "The receiver requires authentication, but this webhook sends none. Add a credential under Settings → Credentials and choose it under Authentication.";
  }
  if (statusCode === 403) {
    return "The receiver recognised the request but refused it: the credential may lack the permission or scope to receive events, or the receiver only accepts calls from allow-listed addresses.";
  }
  if (statusCode === 404 || statusCode === 410) return "The receiver has no such endpoint. Check the URL, including its path.";
  if (statusCode === 413) return "The receiver refused the body as too large.";
  if (statusCode === 429) return "The receiver is rate limiting Latchkey; the delivery is retried with growing delays.";
  if (statusCode !== null && statusCode >= 500) return "The receiver failed while handling the event; the delivery is retried with growing delays.";
  if (error?.startsWith("Refused:")) return "Webhooks only reach public internet addresses. Use the receiver's public URL.";
  if (error?.startsWith("Timed out")) return "Answer quickly (with a 2xx) and do the work afterwards; slow receivers are retried.";
  return null;
}

/** Exponential backoff: base, 4 × base, 16 × base, ... capped at 12 hours, with ±10% jitter. */
export function retryDelayMs(attempt: number, baseMs: number, random = Math.random): number {
  const raw = Math.min(baseMs * 4 ** (attempt - 1), 12 * 3_600_000);
  return Math.round(raw * (0.9 + 0.2 * random()));
}
