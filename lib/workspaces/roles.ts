import type { Permission } from "@/lib/keys/permissions";

/**
 * A member's role in a workspace (../shared/WORKSPACES.md, "Roles"). Ranked: each role can do
 * everything the ones below it can. Stored as these strings in Membership.role.
 */
export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = { owner: "Owner", admin: "Admin", member: "Member", viewer: "Viewer" };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including roles, the workspace's name and deleting it.",
  admin: "Manages every key, credential and webhook, and invites people.",
  member: "Creates and manages their own keys, credentials and webhooks; uses credentials shared with them.",
  viewer: "Sees keys, their details and usage. Changes nothing.",
};

const RANK: Record<Role, number> = { owner: 3, admin: 2, member: 1, viewer: 0 };

export const isRole = (value: unknown): value is Role => typeof value === "string" && (ROLES as readonly string[]).includes(value);

/** Whether `role` is `other` or above it. */
export const atLeast = (role: Role, other: Role) => RANK[role] >= RANK[other];

/**
 * The most a member key may do, whatever its own permission: a Viewer's keys only read. Every
 * other role may hold a Read/Write key (what a key may then change is decided per key by
 * `canManageKey`, as for the person).
 */
export const roleCap = (role: Role): Permission => (role === "viewer" ? "read" : "read_write");

/**
 * A key's permission capped by its member's role: what it may actually do, or null for
 * nothing (a Viewer's Write key: its role cannot write and the key cannot read).
 */
export function cappedPermission(permission: Permission, role: Role): Permission | null {
  if (roleCap(role) === "read_write") return permission;
  return permission === "write" ? null : "read";
}

/** Creating keys for oneself: every role but Viewer. */
export const canCreateKeys = (role: Role) => atLeast(role, "member");

/** Editing, rolling, revoking, deleting a key: Admins and Owners any; Members their own member keys. */
export const canManageKey = (role: Role, key: { actingUserId: string | null }, userId: string | null) =>
  atLeast(role, "admin") || (role === "member" && userId !== null && key.actingUserId === userId);

/** Creating or changing credentials and webhooks: as for keys. */
export const canManageOwned = (role: Role, owner: { userId: string }, userId: string | null) =>
  atLeast(role, "admin") || (role === "member" && owner.userId === userId);

/** Who may use a credential (Credential.sharing): its creator only, every member, or chosen members. */
export const SHARING = ["private", "workspace", "members"] as const;
export type Sharing = (typeof SHARING)[number];

/** What the Credentials list says of a credential, and whom the share dialog offers. */
export type CredentialAccess = { userId: string; sharing: Sharing; sharedWith: readonly string[] };

/**
 * Whether `userId` may *use* a credential: pick it as a webhook's Authentication, and have the
 * webhooks they own send it. Its creator, and whoever it is shared with: everyone in the
 * workspace, or the chosen members. Admins and Owners manage every credential (share, replace
 * the value, delete) but use only their own and those shared with them: a personal credential
 * is its creator's alone ("Personal keys: only you can use"). Nobody ever reads a value back.
 */
export const canUseCredential = (credential: CredentialAccess, userId: string) =>
  credential.userId === userId || credential.sharing === "workspace" || (credential.sharing === "members" && credential.sharedWith.includes(userId));

/**
 * Whether a credential's existence (name, type, hint, hosts, who can use it) is shown: Admins
 * and Owners every one; Members those they may use; Viewers none.
 */
export const canSeeCredential = (role: Role, credential: CredentialAccess, userId: string | null) =>
  atLeast(role, "admin") || (role === "member" && userId !== null && canUseCredential(credential, userId));

/** The whole security log (Admins and Owners) or only one's own events (Members); Viewers none. */
export const logScope = (role: Role): "all" | "own" | "none" => (atLeast(role, "admin") ? "all" : role === "member" ? "own" : "none");

/**
 * Inviting: Owners invite any role, Admins at most Admin; nobody grants more than they hold.
 * Members and Viewers do not invite.
 */
export const canInvite = (actor: Role, role: Role) => atLeast(actor, "admin") && atLeast(actor, role);

/**
 * Changing someone else's role from `from` to `to`: Owners any change (the last-Owner rule is
 * checked under the workspace lock, not here); Admins only between Member and Viewer.
 */
export function canChangeRole(actor: Role, from: Role, to: Role): boolean {
  if (actor === "owner") return true;
  if (actor === "admin") return !atLeast(from, "admin") && !atLeast(to, "admin");
  return false;
}

/** Removing someone else: Owners anyone (but the last Owner), Admins Members and Viewers. */
export const canRemove = (actor: Role, target: Role) => actor === "owner" || (actor === "admin" && !atLeast(target, "admin"));

/** Renaming or deleting the workspace, and its policies: Owners. */
export const canManageWorkspace = (role: Role) => role === "owner";
