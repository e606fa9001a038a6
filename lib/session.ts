import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/auth";
import { findSessionUser } from "@/lib/dal/users";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import type { Viewer } from "@/lib/viewer";

/**
 * The signed-in person, or null. A token for a deleted account or from before a password
 * change (older session version) counts as signed out.
 */
export async function getViewer(): Promise<Viewer | null> {
  // Read the request first: it marks every caller as dynamic, so `next build` never tries
  // to prerender a signed-in page (and never needs the secrets to do so).
  const requestHeaders = await headers();
  const session = (await getServerSession(authOptions)) as { uid?: unknown; sv?: unknown } | null;
  if (!session || typeof session.uid !== "string" || typeof session.sv !== "number") return null;
  const user = await findSessionUser(session.uid, session.sv);
  if (!user) return null;
  const ip = clientIp(requestHeaders, env().TRUSTED_PROXY_HOPS);
  return { id: user.id, name: user.name, email: user.email, ip, via: "session" };
}

/**
 * For pages and server actions: the viewer, or a redirect to sign-in that comes back to
 * `returnTo`. This is the authorization check; proxy.ts only redirects early.
 */
export async function requireViewer(returnTo = "/settings/api-keys"): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return viewer;
}
