import "server-only";
import { randomBytes } from "node:crypto";
import { cache } from "react";
import { db } from "@/lib/db";
import type { Membership } from "@/lib/viewer";
import { isRole } from "@/lib/workspaces/roles";
import type { Tx } from "./workspace-lock";

const membershipSelect = { role: true, workspace: { select: { id: true, slug: true, name: true } } } as const;

/**
 * A URL-safe slug from a name: "Acme Inc." -> "acme-inc-7f3k2q". The random tail keeps slugs
 * unique without a lookup, and keeps one workspace's slug from telling anyone another exists.
 */
export function slugFor(name: string): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  const tail = randomBytes(4).readUInt32BE().toString(36).padStart(6, "0").slice(-6);
  return base ? `${base}-${tail}` : `workspace-${tail}`;
}

/** A new workspace owned by `userId`, in the caller's transaction (sign-up, "Create workspace"). */
export async function createOwnedWorkspace(tx: Tx, userId: string, name: string) {
  const workspace = await tx.workspace.create({ data: { name, slug: slugFor(name) }, select: { id: true, slug: true, name: true } });
  await tx.membership.create({ data: { workspaceId: workspace.id, userId, role: "owner" }, select: { id: true } });
  return workspace;
}

/** The first workspace a new account gets: "Alice's workspace". */
export const personalWorkspaceName = (personName: string) => `${personName.trim() || "My"}’s workspace`.slice(0, 80);

/**
 * The person's membership in the workspace `slug` names, or, without a slug, in the workspace
 * they joined first. Null when they are not a member (then the workspace does not exist for
 * them). Read from the database on every request: a removed member is out at once.
 */
export const findMembership = cache(async (userId: string, slug?: string): Promise<Membership | null> => {
  const row = await db().membership.findFirst({
    where: { userId, ...(slug ? { workspace: { slug } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: membershipSelect,
  });
  if (!row || !isRole(row.role)) return null;
  return { workspace: row.workspace, role: row.role };
});

/**
 * The person's first membership, making them a workspace of their own when they have none
 * (they left or were removed from every one): a signed-in person always has somewhere to be,
 * rather than looking signed out. Two requests racing here queue on the person's row, and the
 * second finds the first one's workspace.
 */
export async function membershipOrOwnWorkspace(user: { id: string; name: string }): Promise<Membership | null> {
  const existing = await findMembership(user.id);
  if (existing) return existing;
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { updatedAt: new Date() }, select: { id: true } });
    if ((await tx.membership.count({ where: { userId: user.id } })) === 0) await createOwnedWorkspace(tx, user.id, personalWorkspaceName(user.name));
  });
  const row = await db().membership.findFirst({ where: { userId: user.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: membershipSelect });
  return row && isRole(row.role) ? { workspace: row.workspace, role: row.role } : null;
}
