import { isWellFormedKey } from "./format";

export type ParsedKey =
  | { ok: true; key: string }
  | { ok: false; reason: "missing" | "malformed" | "in_query" };

/** Query parameters that people (and some plugins) use to pass keys. We refuse them all. */
const QUERY_NAMES = new Set(["key", "api_key", "apikey", "api-key", "access_token", "token", "x-api-key"]);

const AUTH_SCHEME = /^(apikey|bearer) +(\S+)$/i;

/**
 * Finds the API key of a request in `Authorization: ApiKey <key>`, `Authorization: Bearer <key>`
 * or `X-API-Key: <key>`. A key in the URL is refused outright: URLs end up in access logs,
 * browser history and Referer headers, so accepting one would teach clients to leak keys.
 * The checksum is verified here, so a malformed or mistyped key never reaches the database.
 */
export function parseApiKey(headers: Headers, url: URL): ParsedKey {
  for (const name of url.searchParams.keys()) {
    if (QUERY_NAMES.has(name.toLowerCase())) return { ok: false, reason: "in_query" };
  }
  const authorization = headers.get("authorization");
  const headerKey = headers.get("x-api-key");
  if (authorization === null && headerKey === null) return { ok: false, reason: "missing" };

  let fromAuthorization: string | null = null;
  if (authorization !== null) {
    const match = AUTH_SCHEME.exec(authorization.trim());
    if (!match) return { ok: false, reason: "malformed" };
    fromAuthorization = match[2];
  }
  const fromHeader = headerKey === null ? null : headerKey.trim();
  // Two different keys in one request is ambiguous; guessing which one was meant is how
  // confused-deputy bugs start.
  if (fromAuthorization !== null && fromHeader !== null && fromAuthorization !== fromHeader) {
    return { ok: false, reason: "malformed" };
  }
  const key = (fromAuthorization ?? fromHeader)!;
  return isWellFormedKey(key) ? { ok: true, key } : { ok: false, reason: "malformed" };
}
