import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions, SIGNED_IN_HOME } from "@/lib/auth";

const nextAuth = NextAuth(authOptions) as (request: NextRequest, context: Context) => Promise<Response>;

type Context = { params: Promise<{ nextauth: string[] }> };

/** What next-auth's own config check accepts as a callbackUrl in the query (core/lib/assert). */
function parsesAsHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? "http://localhost" : undefined).protocol);
  } catch {
    return false;
  }
}

/**
 * next-auth checks a `callbackUrl` in the query before any callback runs, and answers one that
 * does not parse (`http://127.0.0.1:3000.evil.example/`: a port that is not a number) with a
 * 500 "server configuration" error. Such a value is replaced by the signed-in home before
 * next-auth sees it; everything that parses goes on to the redirect callback in lib/auth.ts,
 * which keeps only this site's URLs.
 */
async function handler(request: NextRequest, context: Context) {
  const callbackUrl = request.nextUrl.searchParams.get("callbackUrl");
  if (callbackUrl === null || parsesAsHttpUrl(callbackUrl)) return nextAuth(request, context);
  const url = request.nextUrl.clone();
  url.searchParams.set("callbackUrl", SIGNED_IN_HOME);
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return nextAuth(new NextRequest(url, { method: request.method, headers: request.headers, body }), context);
}

export { handler as GET, handler as POST };
