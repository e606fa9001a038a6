import "server-only";
import { db, type Db } from "@/lib/db";
import type { CredentialSharingInput } from "@/lib/validation/credentials";
import type { Viewer } from "@/lib/viewer";
import { canUseCredential, type CredentialAccess, type Sharing } from "@/lib/workspaces/roles";
import { auditActorOf, writeAuditEvent } from "./audit";
import { credentialsManagedBy } from "./credentials";
import { LOCKED_TX, lockWorkspace, type Tx } from "./workspace-lock";

/** A webhook that uses a credential, with the person who owns it (whose use is what counts). */
export type WebhookUse = { id: string; name: string; ownerId: string; owner: string };

/** Every webhook of the viewer's workspace that uses a credential, by credential id, with its owner. */
export const webhookUsesByCredential = (viewer: Viewer): Promise<Map<string, WebhookUse[]>> => webhookUses(db(), viewer.workspace.id);

async function webhookUses(client: Tx | Db, workspaceId: string, credentialId?: string): Promise<Map<string, WebhookUse[]>> {
  const rows = await client.webhook.findMany({
    where: { workspaceId, credentialId: credentialId ?? { not: null } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, credentialId: true, userId: true, user: { select: { name: true } } },
  });
  const uses = new Map<string, WebhookUse[]>();
  for (const row of rows) uses.set(row.credentialId!, [...(uses.get(row.credentialId!) ?? []), { id: row.id, name: row.name, ownerId: row.userId, owner: row.user.name }]);
  return uses;
}

/** The people a credential can be shared with: members who can own webhooks (not Viewers). */
export async function shareableMembers(viewer: Viewer): Promise<{ id: string; name: string; email: string }[]> {
  const rows = await db().membership.findMany({
    where: { workspaceId: viewer.workspace.id, role: { in: ["owner", "admin", "member"] } },
    orderBy: { user: { name: "asc" } },
    select: { user: { select: { id: true, name: true, email: true } } },
  });
  return rows.map((row) => row.user);
}

export type ShareResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "invalid_members" }
  /** These webhooks would stop authenticating and were not all acknowledged: nothing changed. */
  | { ok: false; reason: "confirm"; affected: WebhookUse[] };

/**
 * Sets who may use a credential the viewer manages (its creator, an Admin or an Owner). It
 * grants use, never reading. When the change takes it away from the owner of a webhook that
 * uses it, nothing changes unless every such webhook is among `acknowledged` (those the person
 * was shown); they then fail their deliveries saying the credential is no longer shared with
 * their owner. Under the workspace's lock, which a webhook save takes before it checks that its
 * owner may use the credential (lib/dal/webhooks.ts checkCredential): a save at the same moment
 * either lands first (and is asked about) or is refused.
 */
export async function shareCredential(viewer: Viewer, input: CredentialSharingInput): Promise<ShareResult> {
  const managed = credentialsManagedBy(viewer);
  if (!managed) return { ok: false, reason: "not_found" };
  return db().$transaction(async (tx): Promise<ShareResult> => {
    await lockWorkspace(tx, viewer.workspace);
    const credential = await tx.credential.findFirst({
      where: { id: input.id, ...managed },
      select: { id: true, name: true, userId: true, sharing: true, shares: { select: { userId: true } } },
    });
    if (!credential) return { ok: false, reason: "not_found" };
    const members = input.sharing === "members" ? [...new Set(input.members)].filter((id) => id !== credential.userId) : [];
    if (members.length > 0) {
      // Only people of this workspace who can own webhooks: an id from elsewhere is refused, never stored.
      const found = await tx.membership.count({ where: { workspaceId: viewer.workspace.id, userId: { in: members }, role: { in: ["owner", "admin", "member"] } } });
      if (found !== members.length) return { ok: false, reason: "invalid_members" };
    }
    const before: CredentialAccess = { userId: credential.userId, sharing: credential.sharing as Sharing, sharedWith: credential.shares.map((s) => s.userId) };
    const after: CredentialAccess = { userId: credential.userId, sharing: input.sharing, sharedWith: members };
    const uses = (await webhookUses(tx, viewer.workspace.id, credential.id)).get(credential.id) ?? [];
    const affected = uses.filter((use) => canUseCredential(before, use.ownerId) && !canUseCredential(after, use.ownerId));
    const seen = new Set(input.acknowledged);
    if (affected.some((use) => !seen.has(use.id))) return { ok: false, reason: "confirm", affected };
    await tx.credential.update({ where: { id: credential.id }, data: { sharing: input.sharing }, select: { id: true } });
    await tx.credentialShare.deleteMany({ where: { credentialId: credential.id } });
    if (members.length > 0) await tx.credentialShare.createMany({ data: members.map((userId) => ({ credentialId: credential.id, userId })) });
    const whom = input.sharing === "private" ? "personal (only its creator can use it)" : input.sharing === "workspace" ? "shared with the whole workspace" : `shared with ${members.length} ${members.length === 1 ? "member" : "members"}`;
    await writeAuditEvent(tx, auditActorOf(viewer), "credential_shared", { detail: `Credential “${credential.name}” is now ${whom}` });
    return { ok: true };
  }, LOCKED_TX);
}
