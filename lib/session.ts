import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth";
import { findLiveSession } from "@/lib/dal/sessions";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import type { Viewer } from "@/lib/viewer";
import { sessionViewer } from "@/lib/viewer-issue";

/**
 * The signed-in person and the id of this browser's session, or null. A token counts as
 * signed out when its session row is gone (Sign out, Sign out everywhere, a password change),
 * expired, or the account's session version moved on, and when the account is gone.
 */
export async function getSession(): Promise<{ viewer: Viewer; sessionId: string } | null> {
  // Read the request first: it marks every caller as dynamic, so `next build` never tries
  // to prerender a signed-in page (and never needs the secrets to do so).
  const requestHeaders = await headers();
  const session = (await getServerSession(authOptions)) as { uid?: unknown; sv?: unknown; sid?: unknown } | null;
  if (!session || typeof session.uid !== "string" || typeof session.sv !== "number" || typeof session.sid !== "string") return null;
  // next-auth's jwt callback asked the same (memoised per request); asking here too keeps this
  // the one check pages and actions rely on, whatever the callbacks become.
  const user = await findLiveSession(session.sid, session.uid, session.sv);
  if (!user) return null;
  const ip = clientIp(requestHeaders, env().TRUSTED_PROXY_HOPS);
  return { viewer: sessionViewer(user, ip), sessionId: session.sid };
}

/** The signed-in person, or null (see getSession). */
export async function getViewer(): Promise<Viewer | null> {
  return (await getSession())?.viewer ?? null;
}

/**
 * For pages and server actions: the viewer, or a redirect to sign-in that comes back to
 * `returnTo`. This is the authorization check; proxy.ts only redirects early.
 */
export async function requireViewer(returnTo = "/settings/api-keys"): Promise<Viewer> {
  return (await requireSession(returnTo)).viewer;
}

/** requireViewer() plus this browser's session id, for changes that end the other sessions. */
export async function requireSession(returnTo = "/settings/api-keys"): Promise<{ viewer: Viewer; sessionId: string }> {
  const session = await getSession();
  if (!session) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return session;
}
