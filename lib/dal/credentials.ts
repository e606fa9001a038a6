import "server-only";
import { defaultHostsFor, serviceMatchesAuth } from "@/lib/credentials/catalogue";
import { hintOf, shownHint } from "@/lib/credentials/hint";
import { hostAllowed, storedHosts } from "@/lib/credentials/hosts";
import { keyRing } from "@/lib/crypto/key-ring";
import { open, seal, type KeyRing } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import type { CredentialInput, CredentialSecret, CredentialType } from "@/lib/validation/credentials";
import type { Viewer } from "@/lib/viewer";
import { atLeast, canManageOwned, canUseCredential, type Sharing } from "@/lib/workspaces/roles";
import { hasRoomFor } from "@/lib/plans/limits";
import { limitIn } from "./plans";
import { resealInBatches } from "./reseal";
import { LOCKED_TX, lockWorkspace } from "./workspace-lock";
import { isUniqueViolation } from "./prisma-errors";

/**
 * What a browser may ever see of a credential: no secret, no Basic username, at most a hint
 * (null when the secret is too short to hint at, or is a Basic pair: see lib/credentials/hint).
 */
export type CredentialDTO = {
  id: string;
  name: string;
  type: CredentialType;
  fieldName: string | null;
  /** The catalogue service (lib/credentials/catalogue.ts), or null for a Custom API. */
  service: string | null;
  hasCredentials: true;
  hint: string | null;
  /** The hosts it may be sent to (lib/credentials/hosts.ts); empty for an old one no webhook used. */
  hosts: string[];
  sharing: Sharing;
  creator: { id: string; name: string };
  /** The members it is shared with, for "members" (those still in the workspace). */
  sharedWith: { id: string; name: string }[];
  /** Whether the viewer may share it, replace its value, edit or delete it (its creator, Admins, Owners). */
  manageable: boolean;
  /** Whether the viewer may pick it as a webhook's Authentication (canUseCredential). */
  usable: boolean;
  createdAt: Date;
  updatedAt: Date;
};

const select = {
  id: true, name: true, type: true, fieldName: true, service: true, hint: true, hosts: true, sharing: true, userId: true, createdAt: true, updatedAt: true,
  user: { select: { name: true } },
  shares: { orderBy: { createdAt: "asc" }, select: { userId: true, user: { select: { name: true, memberships: { select: { workspaceId: true } } } } } },
} as const;
type Row = {
  id: string; name: string; type: string; fieldName: string | null; service: string | null; hint: string; hosts: string; sharing: string; userId: string; createdAt: Date; updatedAt: Date;
  user: { name: string };
  shares: { userId: string; user: { name: string; memberships: { workspaceId: string }[] } }[];
};

// The stored hint passes the rule again on the way out: a row saved under the old rule (a Basic
// password's tail, a whole short secret) never reaches a page.
function toDTO(viewer: Viewer, { user, shares, userId, hosts, sharing, ...row }: Row): CredentialDTO {
  // A share outlives nothing: one of someone who left the workspace is not shown (and cannot be used: they own no webhook here).
  const sharedWith = shares.filter((s) => s.user.memberships.some((m) => m.workspaceId === viewer.workspace.id)).map((s) => ({ id: s.userId, name: s.user.name }));
  const access = { userId, sharing: sharing as Sharing, sharedWith: sharedWith.map((s) => s.id) };
  return {
    ...row,
    type: row.type as CredentialType,
    hint: shownHint(row.type as CredentialType, row.hint),
    hasCredentials: true,
    hosts: storedHosts(hosts),
    sharing: sharing as Sharing,
    creator: { id: userId, name: user.name },
    sharedWith,
    manageable: canManageOwned(viewer.role, { userId }, viewer.id),
    usable: canUseCredential(access, viewer.id),
  };
}

// Bind each sealed value to its row and owner: a value copied into another row fails to open.
export const credentialAad = (id: string, userId: string) => `credential:${id}:${userId}`;
const aad = credentialAad;

/** Counts every credential of the workspace: the limit is the workspace's, whoever sees which. */
export const countCredentials = (viewer: Viewer) => db().credential.count({ where: { workspaceId: viewer.workspace.id } });

/**
 * canUseCredential (lib/workspaces/roles.ts) as a `where`: the credentials `userId` may use in
 * `workspaceId`. Used when a webhook is saved and again at every send, for the webhook's owner.
 */
export const credentialsUsableBy = (workspaceId: string, userId: string) => ({
  workspaceId,
  OR: [{ userId }, { sharing: "workspace" }, { sharing: "members", shares: { some: { userId } } }],
});

/**
 * canSeeCredential as a `where`: Admins and Owners see that every credential of the workspace
 * exists, Members those they may use, Viewers none (null: nothing to query). A credential
 * outside it does not exist for the viewer: reading or attaching it is "not_found", so not
 * even its existence leaks.
 */
export function credentialsVisibleTo(viewer: Viewer) {
  if (atLeast(viewer.role, "admin")) return { workspaceId: viewer.workspace.id };
  if (viewer.role === "member") return credentialsUsableBy(viewer.workspace.id, viewer.id);
  return null;
}

/**
 * canManageOwned as a `where`: the credentials the viewer may edit, share, replace or delete
 * (Admins and Owners any, Members their own). One shared with a Member is theirs to use, not
 * to change: changing it is "not_found" like one they cannot see.
 */
export function credentialsManagedBy(viewer: Viewer): { workspaceId: string; userId?: string } | null {
  if (atLeast(viewer.role, "admin")) return { workspaceId: viewer.workspace.id };
  if (viewer.role === "member") return { workspaceId: viewer.workspace.id, userId: viewer.id };
  return null;
}

export async function listCredentials(viewer: Viewer): Promise<CredentialDTO[]> {
  const visible = credentialsVisibleTo(viewer);
  if (!visible) return [];
  const rows = await db().credential.findMany({ where: visible, orderBy: { name: "asc" }, select });
  return rows.map((row) => toDTO(viewer, row));
}

/** The credentials the viewer may pick as a webhook's Authentication. */
export async function listUsableCredentials(viewer: Viewer): Promise<CredentialDTO[]> {
  if (!atLeast(viewer.role, "member")) return [];
  const rows = await db().credential.findMany({ where: credentialsUsableBy(viewer.workspace.id, viewer.id), orderBy: { name: "asc" }, select });
  return rows.map((row) => toDTO(viewer, row));
}

export async function getCredential(viewer: Viewer, id: string): Promise<CredentialDTO | null> {
  const visible = credentialsVisibleTo(viewer);
  if (!visible) return null;
  const row = await db().credential.findFirst({ where: { id, ...visible }, select });
  return row ? toDTO(viewer, row) : null;
}

/**
 * The secret to store, from the form and (on edit) what is stored: an empty field keeps the
 * stored value when the type is unchanged. Null when a required secret is missing.
 */
function secretFrom(input: CredentialInput, stored: CredentialSecret | null): CredentialSecret | { missing: string } {
  const keep = stored?.type === input.type ? stored : null;
  const pick = (typed: string | undefined, kept: string | undefined) => (typed ? typed : kept);
  switch (input.type) {
    case "bearer": {
      const token = pick(input.token, keep?.type === "bearer" ? keep.token : undefined);
      return token ? { type: "bearer", token } : { missing: "token" };
    }
    case "basic": {
      const username = pick(input.username, keep?.type === "basic" ? keep.username : undefined);
      const password = pick(input.password, keep?.type === "basic" ? keep.password : undefined);
      if (!username) return { missing: "username" };
      return password ? { type: "basic", username, password } : { missing: "password" };
    }
    default: {
      const value = pick(input.value, keep && keep.type === input.type ? keep.value : undefined);
      return value ? { type: input.type, value } : { missing: "value" };
    }
  }
}

export type SaveResult =
  | { ok: true; credential: CredentialDTO }
  | { ok: false; reason: "limit_reached" | "name_taken" | "not_found" | "forbidden" | "invalid_service" }
  | { ok: false; reason: "missing"; field: string }
  /** The new hosts would not allow these webhooks' URLs (they use it now). */
  | { ok: false; reason: "hosts_in_use"; webhooks: { name: string; url: string }[] };

/** Members, Admins and Owners create credentials; a Viewer is refused ("forbidden"). */
export async function createCredential(viewer: Viewer, input: CredentialInput): Promise<SaveResult> {
  if (!atLeast(viewer.role, "member")) return { ok: false, reason: "forbidden" };
  // The schema checks this too; the DAL is the last line for any caller that skips it.
  if (input.service !== undefined && !serviceMatchesAuth(input.service, input.type, input.fieldName)) return { ok: false, reason: "invalid_service" };
  const secret = secretFrom(input, null);
  if ("missing" in secret) return { ok: false, reason: "missing", field: secret.missing };
  // A catalogue service brings its API hosts when none were typed.
  const hosts = input.hosts?.length ? input.hosts : input.service ? defaultHostsFor(input.service) : [];
  if (!hosts.length) return { ok: false, reason: "missing", field: "hosts" };
  try {
    return await db().$transaction(async (tx) => {
      await lockWorkspace(tx, viewer.workspace);
      const { limit } = await limitIn(tx, viewer.workspace.id, "credentials");
      if (!hasRoomFor(await tx.credential.count({ where: { workspaceId: viewer.workspace.id } }), limit)) return { ok: false, reason: "limit_reached" } as const;
      const row = await tx.credential.create({
        data: { workspaceId: viewer.workspace.id, userId: viewer.id, name: input.name, type: input.type, fieldName: input.type === "header" || input.type === "query" ? input.fieldName ?? null : null, keyId: "", sealed: "", service: input.service ?? null, hint: hintOf(secret), hosts: hosts.join("\n") },
        select: { id: true },
      });
      const box = seal(keyRing(), JSON.stringify(secret), aad(row.id, viewer.id));
      const saved = await tx.credential.update({ where: { id: row.id }, data: box, select });
      return { ok: true, credential: toDTO(viewer, saved) } as const;
    }, LOCKED_TX);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
}

/**
 * Changes a credential the viewer manages (credentialsManagedBy); any other is "not_found". A
 * new value is what every webhook using it sends on its next call: they hold its id, never a copy.
 */
export async function updateCredential(viewer: Viewer, id: string, input: CredentialInput): Promise<SaveResult> {
  const visible = credentialsManagedBy(viewer);
  if (!visible) return { ok: false, reason: "not_found" };
  const current = await db().credential.findFirst({ where: { id, ...visible }, select: { id: true, userId: true, keyId: true, sealed: true, service: true } });
  if (!current) return { ok: false, reason: "not_found" };
  // A catalogue service's credential keeps that service's scheme (its Test connection and its
  // badge depend on it), and an edit never moves it to another service.
  if (input.service !== undefined && input.service !== current.service) return { ok: false, reason: "invalid_service" };
  if (current.service && !serviceMatchesAuth(current.service, input.type, input.fieldName)) return { ok: false, reason: "invalid_service" };
  const stored = JSON.parse(open(keyRing(), current, aad(id, current.userId))) as CredentialSecret;
  const secret = secretFrom(input, stored);
  if ("missing" in secret) return { ok: false, reason: "missing", field: secret.missing };
  try {
    // Under the workspace's lock, which a webhook save takes before it checks the credential's
    // hosts (lib/dal/webhooks.ts checkCredential): a narrowing and a save cannot cross.
    const refused = await db().$transaction(async (tx): Promise<SaveResult | null> => {
      await lockWorkspace(tx, viewer.workspace);
      if (input.hosts) {
        // Narrowing the hosts under a webhook that uses it would make that webhook stop
        // authenticating without a word: refuse, naming them, so the person fixes one or the other.
        const using = await tx.webhook.findMany({ where: { workspaceId: viewer.workspace.id, credentialId: id }, orderBy: { name: "asc" }, select: { name: true, url: true } });
        const stranded = using.filter((hook) => !hostAllowed(hook.url, input.hosts!));
        if (stranded.length > 0) return { ok: false, reason: "hosts_in_use", webhooks: stranded };
      }
      // The visibility and the creator again in the write: a credential handed to someone else
      // since the read (a departing member's, transferred) is not a Member's to change any more,
      // and a value sealed for its old creator (aad) would no longer open on it.
      const changed = await tx.credential.updateMany({
        where: { id, ...visible, userId: current.userId },
        data: {
          name: input.name,
          type: input.type,
          fieldName: input.type === "header" || input.type === "query" ? input.fieldName ?? null : null,
          hint: hintOf(secret),
          ...(input.hosts ? { hosts: input.hosts.join("\n") } : {}),
          ...seal(keyRing(), JSON.stringify(secret), aad(id, current.userId)),
        },
      });
      return changed.count === 0 ? { ok: false, reason: "not_found" } : null;
    }, LOCKED_TX);
    if (refused) return refused;
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
  const credential = await getCredential(viewer, id);
  return credential ? { ok: true, credential } : { ok: false, reason: "not_found" };
}

export type DeleteResult =
  | { ok: true }
  | { ok: false; reason: "not_found" }
  /** These webhooks use it and were not among those the person was shown: nothing was deleted. */
  | { ok: false; reason: "confirm"; affected: { id: string; name: string; owner: string }[] };

/**
 * Deletes a credential the viewer manages; "not_found" for any other, as for one that does not
 * exist. It asks first: `acknowledged` holds the ids of the webhooks the person was shown as
 * using it, and when any webhook using it now is not among them (a forged call that skips the
 * question, or a webhook attached since the page loaded), nothing is deleted and the answer
 * names them all. Under the workspace's lock, which a webhook save also takes before it checks
 * its credential (lib/dal/webhooks.ts checkCredential): a save at the same moment either lands
 * first (and this asks about it) or finds the credential gone. The webhooks the person agreed
 * to strand keep the id: their deliveries fail saying the credential was deleted
 * (credentialForCall checks at every send), never calling without it.
 */
export async function deleteCredential(viewer: Viewer, id: string, { acknowledged }: { acknowledged: string[] }): Promise<DeleteResult> {
  const visible = credentialsManagedBy(viewer);
  if (!visible) return { ok: false, reason: "not_found" };
  return db().$transaction(async (tx): Promise<DeleteResult> => {
    await lockWorkspace(tx, viewer.workspace);
    const using = await tx.webhook.findMany({ where: { workspaceId: viewer.workspace.id, credentialId: id }, orderBy: { name: "asc" }, select: { id: true, name: true, user: { select: { name: true } } } });
    const seen = new Set(acknowledged);
    if (using.some((hook) => !seen.has(hook.id))) {
      // Only for a credential the viewer may delete: anyone else learns nothing about its webhooks.
      if (!(await tx.credential.count({ where: { id, ...visible } }))) return { ok: false, reason: "not_found" };
      return { ok: false, reason: "confirm", affected: using.map((hook) => ({ id: hook.id, name: hook.name, owner: hook.user.name })) };
    }
    const deleted = await tx.credential.deleteMany({ where: { id, ...visible } });
    return deleted.count > 0 ? { ok: true } : { ok: false, reason: "not_found" };
  }, LOCKED_TX);
}

export type OutboundCredential =
  | { ok: true; secret: CredentialSecret & { fieldName: string | null } }
  | { ok: false; reason: "deleted" | "unshared" | "host" };

/**
 * Server-side only, at send time: the secret a webhook of `owner` may send to `url`, or why
 * not. Checked at every call, not only when the webhook was saved: the credential may have
 * been deleted, un-shared from the webhook's owner, or (by an older row) not be for this host.
 */
export async function credentialForCall(call: { workspaceId: string; credentialId: string; ownerId: string; url: URL }, ring: KeyRing = keyRing()): Promise<OutboundCredential> {
  const row = await db().credential.findFirst({
    where: { id: call.credentialId, workspaceId: call.workspaceId },
    select: { userId: true, keyId: true, sealed: true, fieldName: true, hosts: true, sharing: true, shares: { where: { userId: call.ownerId }, select: { userId: true } } },
  });
  if (!row) return { ok: false, reason: "deleted" };
  if (!canUseCredential({ userId: row.userId, sharing: row.sharing as Sharing, sharedWith: row.shares.map((s) => s.userId) }, call.ownerId)) return { ok: false, reason: "unshared" };
  if (!hostAllowed(call.url, storedHosts(row.hosts))) return { ok: false, reason: "host" };
  return { ok: true, secret: { ...(JSON.parse(open(ring, row, aad(call.credentialId, row.userId))) as CredentialSecret), fieldName: row.fieldName } };
}

/** Server-side only, for an outbound call: the opened secret of one of the owner's credentials. */
export async function openCredential(workspaceId: string, id: string, ring: KeyRing = keyRing()): Promise<(CredentialSecret & { fieldName: string | null }) | null> {
  const row = await db().credential.findFirst({ where: { id, workspaceId }, select: { userId: true, keyId: true, sealed: true, fieldName: true } });
  if (!row) return null;
  return { ...(JSON.parse(open(ring, row, aad(id, row.userId))) as CredentialSecret), fieldName: row.fieldName };
}

/**
 * Re-seals every value not sealed with the current key, a batch at a time. Safe to run while
 * the app serves: values open with either key until this finishes (both stay in the ring).
 * A row that fails authentication (tampered) is reported and left as it is, never rewritten.
 */
export function rotateCredentials(ring: KeyRing = keyRing(), batchSize = 100): Promise<{ rotated: number; failed: string[] }> {
  return resealInBatches(
    (after) =>
      db().credential.findMany({
        where: { keyId: { not: ring.current }, id: { gt: after } },
        orderBy: { id: "asc" },
        take: batchSize,
        select: { id: true, userId: true, keyId: true, sealed: true },
      }),
    (row) => open(ring, row, aad(row.id, row.userId)),
    async (row, plaintext) =>
      (await db().credential.updateMany({ where: { id: row.id, keyId: row.keyId, sealed: row.sealed }, data: seal(ring, plaintext, aad(row.id, row.userId)) })).count,
  );
}
