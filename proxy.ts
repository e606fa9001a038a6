import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { HSTS, isHttps, pageCsp } from "@/lib/http/security-headers";

/**
 * Runs before every page (not the API, not static files):
 * - a fresh CSP nonce per request, on the request (Next reads it from there to put it on its
 *   own scripts) and on the response;
 * - an early, optimistic redirect for signed-out visitors of /settings, keeping the full path
 *   and query so sign-in can return there. It is NOT the access check: every page and action
 *   calls requireViewer() itself (proxy/middleware bypasses have been real CVEs).
 */
export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageCsp(nonce);
  let response: NextResponse;
  if (request.nextUrl.pathname.startsWith("/settings") && !(await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET }))) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
    response = NextResponse.redirect(signIn);
  } else {
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set("Content-Security-Policy", csp);
  if (isHttps(request.nextUrl.protocol, request.headers.get("x-forwarded-proto"))) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = { matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico).*)"] };
