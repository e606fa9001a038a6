import "server-only";
import { randomBytes } from "node:crypto";
import { cache } from "react";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Membership, Viewer } from "@/lib/viewer";
import { canManageWorkspace, isRole } from "@/lib/workspaces/roles";
import { changeAccess } from "./key-sync";
import { hasTwoFactor, twoFactorSelect, type TwoFactorFacts } from "./two-factor-status";
import { lockWorkspace, type Tx } from "./workspace-lock";

const membershipSelect = {
  role: true,
  workspace: { select: { id: true, slug: true, name: true, requireTwoFactor: true } },
  user: { select: twoFactorSelect },
} as const;

/**
 * A membership as a request reads it, with the workspace's two-factor policy applied:
 * `twoFactorMissing` is true when the workspace requires two-factor sign-in and the person has
 * not set it up (lib/session.ts then sends them to set it up).
 */
export type RequestMembership = Membership & { twoFactorMissing: boolean };

type MembershipRow = {
  role: string;
  workspace: { id: string; slug: string; name: string; requireTwoFactor: boolean };
  user: TwoFactorFacts;
};

function toMembership(row: MembershipRow | null): RequestMembership | null {
  if (!row || !isRole(row.role)) return null;
  const { requireTwoFactor, ...workspace } = row.workspace;
  return { workspace, role: row.role, twoFactorMissing: requireTwoFactor && !hasTwoFactor(row.user) };
}

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
  // DEFAULT_PLAN picks the plan of every new workspace; existing ones keep theirs.
  const workspace = await tx.workspace.create({ data: { name, slug: slugFor(name), planId: env().DEFAULT_PLAN }, select: { id: true, slug: true, name: true } });
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
export const findMembership = cache(async (userId: string, slug?: string): Promise<RequestMembership | null> => {
  const row = await db().membership.findFirst({
    where: { userId, ...(slug ? { workspace: { slug } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: membershipSelect,
  });
  return toMembership(row);
});

/**
 * The person's first membership, making them a workspace of their own when they have none
 * (they left or were removed from every one): a signed-in person always has somewhere to be,
 * rather than looking signed out. Two requests racing here queue on the person's row, and the
 * second finds the first one's workspace.
 */
export async function membershipOrOwnWorkspace(user: { id: string; name: string }): Promise<RequestMembership | null> {
  const existing = await findMembership(user.id);
  if (existing) return existing;
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { updatedAt: new Date() }, select: { id: true } });
    if ((await tx.membership.count({ where: { userId: user.id } })) === 0) await createOwnedWorkspace(tx, user.id, personalWorkspaceName(user.name));
  });
  const row = await db().membership.findFirst({ where: { userId: user.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: membershipSelect });
  return toMembership(row);
}

export type TwoFactorPolicy = { required: boolean; viewerHasTwoFactor: boolean };

/** The workspace's two-factor policy, and whether the viewer could turn it on (they have it themselves). */
export async function getTwoFactorPolicy(viewer: Viewer): Promise<TwoFactorPolicy> {
  const [workspace, user] = await Promise.all([
    db().workspace.findUnique({ where: { id: viewer.workspace.id }, select: { requireTwoFactor: true } }),
    db().user.findUnique({ where: { id: viewer.id }, select: twoFactorSelect }),
  ]);
  return { required: workspace?.requireTwoFactor ?? false, viewerHasTwoFactor: !!user && hasTwoFactor(user) };
}

export type PolicyChangeResult = { ok: true; required: boolean; changed: boolean } | { ok: false; reason: "forbidden" | "two_factor_missing" };

/**
 * Owners turn "Require two-factor authentication" on or off. Turning it on needs the Owner to
 * have two-factor themselves (or they would lock themselves out of their own workspace). The
 * change runs under the workspace lock with the Owner's role as it is then, and through
 * changeAccess, so every instance forgets the member keys whose access it changes at once.
 */
export async function setTwoFactorPolicy(viewer: Viewer, required: boolean): Promise<PolicyChangeResult> {
  // An API key never changes workspace policy, however much it may do with keys.
  if (viewer.via !== "session") return { ok: false, reason: "forbidden" };
  return changeAccess({ workspaceId: viewer.workspace.id }, async (tx): Promise<PolicyChangeResult> => {
    await lockWorkspace(tx, viewer.workspace);
    const actor = await tx.membership.findUnique({
      where: { workspaceId_userId: { workspaceId: viewer.workspace.id, userId: viewer.id } },
      select: { role: true, user: { select: twoFactorSelect } },
    });
    if (!actor || !isRole(actor.role) || !canManageWorkspace(actor.role)) return { ok: false, reason: "forbidden" };
    if (required && !hasTwoFactor(actor.user)) return { ok: false, reason: "two_factor_missing" };
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: viewer.workspace.id }, select: { requireTwoFactor: true } });
    if (before.requireTwoFactor !== required) {
      await tx.workspace.update({ where: { id: viewer.workspace.id }, data: { requireTwoFactor: required }, select: { id: true } });
    }
    return { ok: true, required, changed: before.requireTwoFactor !== required };
  });
}

/** For the Members page: the ids of the viewer's workspace's members who have two-factor sign-in. */
export async function membersWithTwoFactor(viewer: Viewer): Promise<Set<string>> {
  const rows = await db().membership.findMany({ where: { workspaceId: viewer.workspace.id }, select: { userId: true, user: { select: twoFactorSelect } } });
  return new Set(rows.filter((row) => hasTwoFactor(row.user)).map((row) => row.userId));
}
