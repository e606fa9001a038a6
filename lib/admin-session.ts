import "server-only";
import { notFound } from "next/navigation";
import { fail, type ActionResult } from "@/lib/action-result";
import { instanceAdminOf, type InstanceAdmin } from "@/lib/dal/instance-admin";
import { getSession, requireRecentAuth } from "@/lib/session";

/**
 * The one check for the instance admin area (/admin): the signed-in person, with a live
 * session, whose current address is in LATCHKEY_ADMIN_EMAILS and verified, and whose account
 * is not disabled (lib/dal/instance-admin.ts). Session and database are read on every call.
 */
type AdminSession = { admin: InstanceAdmin; session: NonNullable<Awaited<ReturnType<typeof getSession>>> };

async function readAdmin(): Promise<AdminSession | null> {
  const session = await getSession();
  if (!session) return null;
  const admin = await instanceAdminOf(session.viewer);
  return admin ? { admin, session } : null;
}

/**
 * For admin pages: the admin, or the 404 page for everyone else (signed out included), exactly
 * as for a page that does not exist: the area does not announce itself.
 */
export async function requireInstanceAdmin(): Promise<InstanceAdmin> {
  const found = await readAdmin();
  if (!found) notFound();
  return found.admin;
}

/** For the account menu: whether to show the Admin link. */
/** The signed-in instance admin, or null (for the admin shell, which then stays out of the way). */
export async function currentInstanceAdmin(): Promise<InstanceAdmin | null> {
  return (await readAdmin())?.admin ?? null;
}

export async function isInstanceAdmin(): Promise<boolean> {
  return (await readAdmin()) !== null;
}

/** What a non-admin's call of an admin action gets: the same answer as for nothing there. */
export const NOT_ADMIN = "Not found." as const;

/**
 * For admin server actions (each one a public POST endpoint): the admin, or the refusal to
 * return as it is, before anything changes: "Not found." for anyone who is not an admin, then
 * "Confirm it's you" (sudo mode, lib/dal/sudo.ts) when this session has not re-authenticated
 * within SUDO_MINUTES. Every admin action changes accounts or sends mail, so every one needs it.
 */
export async function requireInstanceAdminAction(): Promise<{ ok: true; admin: InstanceAdmin } | { ok: false; refused: ActionResult<never> }> {
  const found = await readAdmin();
  if (!found) return { ok: false, refused: fail(NOT_ADMIN) };
  const refused = await requireRecentAuth(found.session);
  if (refused) return { ok: false, refused };
  return { ok: true, admin: found.admin };
}
