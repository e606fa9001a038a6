import "server-only";
import { hintOf, shownHint } from "@/lib/credentials/hint";
import { keyRing } from "@/lib/crypto/key-ring";
import { open, seal, type KeyRing } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import type { CredentialInput, CredentialSecret, CredentialType } from "@/lib/validation/credentials";
import type { Viewer } from "@/lib/viewer";
import { atLeast } from "@/lib/workspaces/roles";
import { hasRoomFor } from "@/lib/plans/limits";
import { limitIn } from "./plans";
import { resealInBatches } from "./reseal";
import { lockWorkspace } from "./workspace-lock";
import { isUniqueViolation } from "./prisma-errors";

// Creates in one workspace queue on its lock (30 at once in the plan tests): give them time, as changeKeys does.
const LOCKED_TX = { maxWait: 20_000, timeout: 20_000 };

/**
 * What a browser may ever see of a credential: no secret, no Basic username, at most a hint
 * (null when the secret is too short to hint at, or is a Basic pair: see lib/credentials/hint).
 */
export type CredentialDTO = {
  id: string;
  name: string;
  type: CredentialType;
  fieldName: string | null;
  hasCredentials: true;
  hint: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const select = { id: true, name: true, type: true, fieldName: true, hint: true, createdAt: true, updatedAt: true } as const;
// The stored hint passes the rule again on the way out: a row saved under the old rule (a Basic
// password's tail, a whole short secret) never reaches a page.
const toDTO = (row: { type: string; hint: string } & Omit<CredentialDTO, "type" | "hasCredentials" | "hint">): CredentialDTO => ({
  ...row,
  type: row.type as CredentialType,
  hint: shownHint(row.type as CredentialType, row.hint),
  hasCredentials: true,
});

// Bind each sealed value to its row and owner: a value copied into another row fails to open.
export const credentialAad = (id: string, userId: string) => `credential:${id}:${userId}`;
const aad = credentialAad;

/** Counts every credential of the workspace: the limit is the workspace's, whoever sees which. */
export const countCredentials = (viewer: Viewer) => db().credential.count({ where: { workspaceId: viewer.workspace.id } });

/**
 * canSeeCredential (lib/workspaces/roles.ts) as a `where`: Admins and Owners see that every
 * credential of the workspace exists, Members their own, Viewers none (null: nothing to query).
 * A credential outside it does not exist for the viewer: reading, changing, deleting or
 * attaching it to a webhook is "not_found", so not even its existence leaks. Whoever may see
 * one may also change it (canManageOwned is the same rule), so there is no "forbidden" here
 * except for creating.
 */
export function credentialsVisibleTo(viewer: Viewer): { workspaceId: string; userId?: string } | null {
  if (atLeast(viewer.role, "admin")) return { workspaceId: viewer.workspace.id };
  if (viewer.role === "member") return { workspaceId: viewer.workspace.id, userId: viewer.id };
  return null;
}

export async function listCredentials(viewer: Viewer): Promise<CredentialDTO[]> {
  const visible = credentialsVisibleTo(viewer);
  if (!visible) return [];
  const rows = await db().credential.findMany({ where: visible, orderBy: { name: "asc" }, select });
  return rows.map(toDTO);
}

export async function getCredential(viewer: Viewer, id: string): Promise<CredentialDTO | null> {
  const visible = credentialsVisibleTo(viewer);
  if (!visible) return null;
  const row = await db().credential.findFirst({ where: { id, ...visible }, select });
  return row ? toDTO(row) : null;
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
  | { ok: false; reason: "limit_reached" | "name_taken" | "not_found" | "forbidden" }
  | { ok: false; reason: "missing"; field: string };

/** Members, Admins and Owners create credentials; a Viewer is refused ("forbidden"). */
export async function createCredential(viewer: Viewer, input: CredentialInput): Promise<SaveResult> {
  if (!atLeast(viewer.role, "member")) return { ok: false, reason: "forbidden" };
  const secret = secretFrom(input, null);
  if ("missing" in secret) return { ok: false, reason: "missing", field: secret.missing };
  try {
    return await db().$transaction(async (tx) => {
      await lockWorkspace(tx, viewer.workspace);
      const { limit } = await limitIn(tx, viewer.workspace.id, "credentials");
      if (!hasRoomFor(await tx.credential.count({ where: { workspaceId: viewer.workspace.id } }), limit)) return { ok: false, reason: "limit_reached" } as const;
      const row = await tx.credential.create({
        data: { workspaceId: viewer.workspace.id, userId: viewer.id, name: input.name, type: input.type, fieldName: input.type === "header" || input.type === "query" ? input.fieldName ?? null : null, keyId: "", sealed: "", hint: hintOf(secret) },
        select: { id: true },
      });
      const box = seal(keyRing(), JSON.stringify(secret), aad(row.id, viewer.id));
      const saved = await tx.credential.update({ where: { id: row.id }, data: box, select });
      return { ok: true, credential: toDTO(saved) } as const;
    }, LOCKED_TX);
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
}

/** Changes a credential the viewer may see (credentialsVisibleTo); any other is "not_found". */
export async function updateCredential(viewer: Viewer, id: string, input: CredentialInput): Promise<SaveResult> {
  const visible = credentialsVisibleTo(viewer);
  if (!visible) return { ok: false, reason: "not_found" };
  const current = await db().credential.findFirst({ where: { id, ...visible }, select: { id: true, userId: true, keyId: true, sealed: true } });
  if (!current) return { ok: false, reason: "not_found" };
  const stored = JSON.parse(open(keyRing(), current, aad(id, current.userId))) as CredentialSecret;
  const secret = secretFrom(input, stored);
  if ("missing" in secret) return { ok: false, reason: "missing", field: secret.missing };
  try {
    // The visibility and the creator again in the write: a credential handed to someone else
    // since the read (a departing member's, transferred) is not a Member's to change any more,
    // and a value sealed for its old creator (aad) would no longer open on it.
    const changed = await db().credential.updateMany({
      where: { id, ...visible, userId: current.userId },
      data: {
        name: input.name,
        type: input.type,
        fieldName: input.type === "header" || input.type === "query" ? input.fieldName ?? null : null,
        hint: hintOf(secret),
        ...seal(keyRing(), JSON.stringify(secret), aad(id, current.userId)),
      },
    });
    if (changed.count === 0) return { ok: false, reason: "not_found" };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "name_taken" };
    throw error;
  }
  const credential = await getCredential(viewer, id);
  return credential ? { ok: true, credential } : { ok: false, reason: "not_found" };
}

/** Deletes a credential the viewer may see; false for any other, as for one that does not exist. */
export async function deleteCredential(viewer: Viewer, id: string): Promise<boolean> {
  const visible = credentialsVisibleTo(viewer);
  if (!visible) return false;
  const deleted = await db().credential.deleteMany({ where: { id, ...visible } });
  return deleted.count > 0;
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
