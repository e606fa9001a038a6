import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";

/**
 * An early, optimistic redirect for signed-out visitors of /settings, keeping the full path
 * and query so sign-in can return there. It is NOT the access check: every page and action
 * calls requireViewer() itself (proxy/middleware bypasses have been real CVEs).
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(signIn);
}

export const config = { matcher: ["/settings/:path*"] };
