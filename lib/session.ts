import "server-only";
import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { reauthRequired, type ActionResult } from "@/lib/action-result";
import { authOptions } from "@/lib/auth";
import { findLiveSession } from "@/lib/dal/sessions";
import { hasRecentAuth } from "@/lib/dal/sudo";
import { findMembership, membershipOrOwnWorkspace } from "@/lib/dal/workspaces";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import type { Viewer } from "@/lib/viewer";
import { sessionViewer } from "@/lib/viewer-issue";
import { isSlug, PATH_HEADER, WORKSPACE_COOKIE, WORKSPACE_HEADER, workspaceHref } from "@/lib/workspaces/url";

/** `twoFactorMissing`: the workspace requires two-factor sign-in and this person has not set it up. */
type Session = { viewer: Viewer; sessionId: string; twoFactorMissing: boolean };

/**
 * The signed-in person in the workspace this request is about, and the id of this browser's
 * session; null when signed out; "not_member" when the URL names a workspace the person does
 * not belong to (which must look exactly like one that does not exist).
 *
 * A token counts as signed out when its session row is gone (Sign out, Sign out everywhere, a
 * password change), expired, or the account's session version moved on, and when the account
 * is gone. The workspace is the one the URL names (/w/<slug>/..., passed on by proxy.ts); for
 * a path without one, the one last opened in this browser, else the first the person joined.
 * Membership and role are read from the database on every request, never from the token.
 */
async function readSession(): Promise<Session | "not_member" | null> {
  // Read the request first: it marks every caller as dynamic, so `next build` never tries
  // to prerender a signed-in page (and never needs the secrets to do so).
  const requestHeaders = await headers();
  const session = (await getServerSession(authOptions)) as { uid?: unknown; sv?: unknown; sid?: unknown } | null;
  if (!session || typeof session.uid !== "string" || typeof session.sv !== "number" || typeof session.sid !== "string") return null;
  // next-auth's jwt callback asked the same (memoised per request); asking here too keeps this
  // the one check pages and actions rely on, whatever the callbacks become.
  const user = await findLiveSession(session.sid, session.uid, session.sv);
  if (!user) return null;
  const named = requestHeaders.get(WORKSPACE_HEADER);
  let membership = null;
  if (named) {
    membership = await findMembership(user.id, named);
    if (!membership) return "not_member";
  } else {
    const last = (await cookies()).get(WORKSPACE_COOKIE)?.value;
    membership = (isSlug(last) ? await findMembership(user.id, last) : null) ?? (await membershipOrOwnWorkspace(user));
  }
  if (!membership) return null;
  if (membership.twoFactorMissing && !reachableWithoutTwoFactor(requestHeaders.get(PATH_HEADER))) {
    redirect(workspaceHref(membership.workspace.slug, TWO_FACTOR_SETUP));
  }
  const ip = clientIp(requestHeaders, env().TRUSTED_PROXY_HOPS);
  return { viewer: sessionViewer(user, membership, ip), sessionId: session.sid, twoFactorMissing: membership.twoFactorMissing };
}

/** Where a member sets up two-factor sign-in (the account's Security page). */
const TWO_FACTOR_SETUP = "/settings/security";

/**
 * The workspace policy "Require two-factor authentication": a member without it reaches only
 * the pages where they set it up or manage their account (Security, Profile), in any
 * workspace URL; every other page and server action of the workspace sends them there (an
 * invitation page, about another workspace, is not held back). The
 * path is the one proxy.ts saw (a client cannot send its own); without one, nothing is exempt.
 */
function reachableWithoutTwoFactor(path: string | null): boolean {
  if (!path) return false;
  // Pages that are not the workspace's (an invitation to another one) are not held back.
  if (!path.startsWith("/w/") && !path.startsWith("/settings")) return true;
  const settings = path.replace(/^\/w\/[^/]+/, "");
  return ["/settings/security", "/settings/profile"].some((page) => settings === page || settings.startsWith(`${page}/`));
}

/** The signed-in person in this request's workspace, or null (signed out, or not a member of it). */
export async function getSession(): Promise<Session | null> {
  const session = await readSession();
  return session === "not_member" ? null : session;
}

/** The signed-in person, or null (see getSession). */
export async function getViewer(): Promise<Viewer | null> {
  return (await getSession())?.viewer ?? null;
}

/**
 * For pages and server actions: the viewer, or a redirect to sign-in that comes back to
 * `returnTo`, or the 404 page for a workspace the person is not in (exactly as for one that
 * does not exist). This is the authorization check; proxy.ts only redirects early.
 */
export async function requireViewer(returnTo = "/settings/api-keys"): Promise<Viewer> {
  return (await requireSession(returnTo)).viewer;
}

/** requireViewer() plus this browser's session id, for changes that end the other sessions. */
export async function requireSession(returnTo = "/settings/api-keys"): Promise<Session> {
  const session = await readSession();
  if (session === "not_member") notFound();
  if (!session) redirect(`/sign-in?callbackUrl=${encodeURIComponent(await inThisWorkspace(returnTo))}`);
  return session;
}

/** "/settings/..." in the workspace this request's URL names (for redirects from server actions and sign-in). */
export async function inThisWorkspace(path: string): Promise<string> {
  const slug = (await headers()).get(WORKSPACE_HEADER);
  return slug && path.startsWith("/settings") ? workspaceHref(slug, path) : path;
}

/**
 * For sensitive server actions ("sudo mode", lib/dal/sudo.ts): null when this browser's session
 * proved its person's identity within SUDO_MINUTES (a sign-in or a confirmation), else the
 * refusal to return as it is, before anything changes. The client then asks "Confirm it's
 * you" and sends the same action again (components/reauth).
 */
export async function requireRecentAuth(session: Session): Promise<ActionResult<never> | null> {
  return (await hasRecentAuth(session)) ? null : reauthRequired();
}
