/**
 * A page's URL names its workspace: /w/<slug>/settings/... . proxy.ts reads the slug from the
 * path of every page request and server action (Next posts an action to the page's own URL)
 * and hands it on in WORKSPACE_HEADER, having removed any value the client sent; lib/session.ts
 * then looks up the person's membership there. The slug is only a name: being a member is what
 * grants access, so a forged path reaches nothing more than a forged form field would.
 */
export const WORKSPACE_HEADER = "x-latchkey-workspace";
/** The path of the page request or server action, set by proxy.ts the same way (lib/session.ts: the two-factor policy). */
export const PATH_HEADER = "x-latchkey-path";
/** The workspace last opened in this browser: where /settings/... (no workspace) goes. */
export const WORKSPACE_COOKIE = "latchkey-workspace";

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const isSlug = (value: unknown): value is string => typeof value === "string" && SLUG.test(value);

/** The slug a path names (/w/<slug> or /w/<slug>/...), or null. */
export function workspaceSlugOf(pathname: string): string | null {
  const match = /^\/w\/([^/]+)(?:\/|$)/.exec(pathname);
  return match && isSlug(match[1]) ? match[1] : null;
}

/** "/settings/api-keys" in workspace `slug`: "/w/<slug>/settings/api-keys". */
export const workspaceHref = (slug: string, path: string) => `/w/${slug}${path.startsWith("/") ? path : `/${path}`}`;
