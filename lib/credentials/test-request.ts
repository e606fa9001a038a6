import { applyCredential } from "@/lib/outbound/apply-credential";
import type { CredentialSecret } from "@/lib/validation/credentials";
import type { Service } from "./catalogue";

export type TestRequest = { url: URL; method: "GET" | "POST"; headers: Record<string, string>; body: string };

/**
 * The service's harmless test request with the credential applied, exactly as a webhook would
 * carry it (lib/outbound/apply-credential.ts). Pure: no I/O.
 *
 * `baseOverride` replaces the service's origin, and only its origin (the path is the
 * catalogue's): it is how tests send the request to a stand-in server on 127.0.0.1 instead of
 * the internet (LATCHKEY_SERVICE_BASE_URL_OVERRIDE, lib/env.ts). Null when the service has no
 * test request, or the request needs something the credential does not have.
 */
export function buildTestRequest(service: Service, secret: CredentialSecret & { fieldName: string | null }, baseOverride?: string): TestRequest | null {
  if (!service.test || !service.apiBase) return null;
  let path: string = service.test.path;
  if (path.includes("{username}")) {
    if (secret.type !== "basic") return null;
    path = path.replace("{username}", encodeURIComponent(secret.username));
  }
  const url = new URL(path, baseOverride ?? service.apiBase);
  const headers = new Headers({ "user-agent": "Latchkey connection test", accept: "application/json", ...service.test.headers });
  if (service.test.method === "POST") headers.set("content-type", "application/x-www-form-urlencoded");
  applyCredential(secret, url, headers);
  return { url, method: service.test.method, headers: Object.fromEntries(headers), body: "" };
}

export type TestVerdict = "ok" | "unauthorized" | "forbidden" | "other" | "unreachable";

/** The hint shown beside a status code: what a 401 or 403 means for the key. */
export const VERDICT_HINTS: Record<TestVerdict, string | null> = {
  ok: "The key works.",
  unauthorized: "The key is wrong or revoked.",
  forbidden: "The key lacks the permission this test needs.",
  other: null,
  unreachable: null,
};

// Slack's auth.test answers 200 with { ok: false, error } for a bad token. Only these codes
// are ever reported (by name, never the body): anything else is "rejected" without detail.
const SLACK_UNAUTHORIZED = new Set(["invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"]);
const SLACK_FORBIDDEN = new Set(["missing_scope", "no_permission", "ekm_access_denied"]);

/**
 * What a status code (and, for a service whose errors come in a 200, the body's `ok` field)
 * says about the key. The body is read here and nowhere else, and never leaves: it could echo
 * the secret.
 */
export function verdictOf(service: Service, statusCode: number | null, body: string): TestVerdict {
  if (statusCode === null) return "unreachable";
  if (statusCode === 401) return "unauthorized";
  if (statusCode === 403) return "forbidden";
  if (statusCode < 200 || statusCode >= 300) return "other";
  if (!service.test?.okField) return "ok";
  try {
    const parsed = JSON.parse(body) as { ok?: unknown; error?: unknown };
    if (parsed.ok === true) return "ok";
    if (typeof parsed.error === "string" && SLACK_FORBIDDEN.has(parsed.error)) return "forbidden";
    if (typeof parsed.error === "string" && SLACK_UNAUTHORIZED.has(parsed.error)) return "unauthorized";
    return "other";
  } catch {
    return "other";
  }
}
