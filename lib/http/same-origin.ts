/**
 * Whether a state-changing request came from this site, by its Origin header (OWASP's CSRF
 * "verifying origin with standard headers"). Browsers send Origin on every POST, so a missing
 * one is refused too, as are "null" (sandboxed frames, some redirects) and anything that is
 * not exactly scheme://host[:port].
 *
 * The site is the host the request was sent to (X-Forwarded-Host first, as Next's own
 * server-action check does: a browser cannot set either on a cross-site request) or the
 * configured public URL (NEXTAUTH_URL), for proxies that rewrite Host.
 */
export function sameOrigin(headers: Headers, publicUrl?: string): boolean {
  const origin = headers.get("origin");
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== origin) return false;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (host && url.host === host.toLowerCase()) return true;
  if (!publicUrl) return false;
  try {
    return new URL(publicUrl).origin === url.origin;
  } catch {
    return false;
  }
}
