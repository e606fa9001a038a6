import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import type { Health } from "@/lib/health";
import { HSTS, isHttps, pageCsp } from "@/lib/http/security-headers";
import { sameOrigin } from "@/lib/http/same-origin";
import { parseTheme, THEME_COOKIE } from "@/components/theme";
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, newDeviceId } from "@/lib/http/device";
import { PATH_HEADER, WORKSPACE_COOKIE, WORKSPACE_HEADER, workspaceSlugOf } from "@/lib/workspaces/url";

/**
 * Runs before every page and next-auth's routes (not the key-authenticated API, not static
 * files):
 * - a state-changing request (a server action, a sign-in or sign-out post) whose Origin is
 *   missing, malformed or another site's is refused with 403 before anything runs. Next's own
 *   server-action check would answer a foreign Origin with a 500;
 * - while the database does not answer, pages get a 503 (a small self-contained page for
 *   browsers, plain text otherwise; lib/health.ts probes at most once a second) instead of an
 *   error page each;
 * - a fresh CSP nonce per request, on the request (Next reads it from there to put it on its
 *   own scripts) and on the response;
 * - the workspace the URL names (/w/<slug>/...) handed to lib/session.ts in a request
 *   header that only this code sets (lib/workspaces/url.ts);
 * - a device cookie for browsers that have none (lib/http/device.ts: "new sign-in" mails);
 * - an early, optimistic redirect for signed-out visitors of /settings and /w/, keeping the full path
 *   and query so sign-in can return there. It is NOT the access check: every page and action
 *   calls requireViewer() itself (proxy/middleware bypasses have been real CVEs).
 */
export async function proxy(request: NextRequest) {
  const https = isHttps(request.nextUrl.protocol, request.headers.get("x-forwarded-proto"));
  if (!SAFE_METHODS.has(request.method) && !sameOrigin(request.headers, process.env.NEXTAUTH_URL)) {
    return plain(403, "Forbidden: this request did not come from this site.", https);
  }
  if (request.nextUrl.pathname.startsWith("/api/")) {
    // No workspace from the client here either (next-auth's routes run through this proxy).
    if (!request.headers.has(WORKSPACE_HEADER) && !request.headers.has(PATH_HEADER)) return NextResponse.next();
    const headers = new Headers(request.headers);
    headers.delete(WORKSPACE_HEADER);
    headers.delete(PATH_HEADER);
    return NextResponse.next({ request: { headers } });
  }

  // Set by instrumentation.ts: the same function /api/health uses, shared through the process.
  const health = (globalThis as { __latchkeyHealth?: () => Promise<Health> }).__latchkeyHealth;
  if (health && (await health()).database === "unavailable") return unavailable(request, https);

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce);
  let response: NextResponse;
  const { pathname } = request.nextUrl;
  const slug = workspaceSlugOf(pathname);
  const signedInOnly = pathname.startsWith("/settings") || pathname.startsWith("/w/");
  if (signedInOnly && !(await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET }))) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    response = NextResponse.redirect(signIn);
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
    // The workspace the URL names, and only that: a value the client sent is dropped.
    headers.delete(WORKSPACE_HEADER);
    if (slug) headers.set(WORKSPACE_HEADER, slug);
    headers.set(PATH_HEADER, pathname);
    response = NextResponse.next({ request: { headers } });
    // Where /settings/... without a workspace goes next time (lib/session.ts checks membership).
    if (slug && SAFE_METHODS.has(request.method) && request.cookies.get(WORKSPACE_COOKIE)?.value !== slug) {
      response.cookies.set(WORKSPACE_COOKIE, slug, { httpOnly: true, sameSite: "lax", path: "/", secure: https, maxAge: 365 * 86_400 });
    }
    // The device cookie (lib/http/device.ts), so a sign-in can tell a known browser from a new one.
    if (SAFE_METHODS.has(request.method) && !request.cookies.has(DEVICE_COOKIE)) {
      response.cookies.set(DEVICE_COOKIE, newDeviceId(), { httpOnly: true, sameSite: "lax", path: "/", secure: https, maxAge: DEVICE_COOKIE_MAX_AGE });
    }
  }
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A short text answer that runs nothing: no markup, no caching. */
function plain(status: number, message: string, https: boolean, extra: Record<string, string> = {}) {
  const response = new NextResponse(message + "\n", {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      ...extra,
    },
  });
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

const UNAVAILABLE = "Latchkey is temporarily unavailable. Try again in a few seconds.";

/**
 * The outage answer for pages: a small self-contained page for browsers (it cannot use the
 * app's own, which needs the database), plain text for anything else. It retries by itself.
 */
function unavailable(request: NextRequest, https: boolean) {
  if (!request.headers.get("accept")?.includes("text/html")) return plain(503, UNAVAILABLE, https, { "Retry-After": "5" });
  // The person's theme (components/theme.ts), so the outage page is not a white flash in a dark app.
  const theme = parseTheme(request.cookies.get(THEME_COOKIE)?.value);
  const dark = "body{background:#020617;color:#f1f5f9}p{color:#cbd5e1}p.code{color:#a3b3ff}";
  const html = `<!doctype html><html lang="en" data-theme="${theme}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10"><title>Temporarily unavailable · Latchkey</title>
<style>body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:ui-sans-serif,system-ui,sans-serif;background:#f8fafc;color:#0f172a}
main{max-width:28rem;padding:1.5rem;text-align:center}p.code{color:#4f46e5;font-weight:600;font-size:.875rem;margin:0}h1{font-size:1.5rem;font-weight:600;margin:.5rem 0}p{color:#475569;font-size:.875rem;line-height:1.5}
${theme === "dark" ? dark : theme === "system" ? `@media (prefers-color-scheme: dark){${dark}}` : ""}</style></head>
<body><main><p class="code">503</p><h1>Temporarily unavailable</h1><p>Latchkey cannot reach its database right now. Nothing you did caused this, and nothing was changed. This page tries again every 10 seconds.</p></main></body></html>`;
  const response = new NextResponse(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Retry-After": "5",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    },
  });
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = { matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)", "/api/auth/:path*"] };
