import { randomBytes } from "node:crypto";
import { auditActorOf } from "@/lib/dal/audit";
import { acceptInvitation, createInvitation } from "@/lib/dal/invitations";
import { changeKeys } from "@/lib/dal/key-change-protocol";
import { searchTextOf } from "@/lib/dal/keys";
import { createUser } from "@/lib/dal/users";
import { findMembership } from "@/lib/dal/workspaces";
import { env } from "@/lib/env";
import { displayPrefix, generateKey, generateSid } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import type { Permission } from "@/lib/keys/permissions";
import type { Viewer } from "@/lib/viewer";
import { sessionViewer } from "@/lib/viewer-issue";
import type { Role } from "@/lib/workspaces/roles";

export const testEmail = (label = "user") => `${label}-${randomBytes(6).toString("hex")}@example.test`;

/** A fresh account (with the personal workspace every sign-up gets); not yet in anyone's team. */
export async function makeUser(name = "Team Mate") {
  const email = testEmail(name.toLowerCase().replace(/[^a-z]+/g, "-"));
  const created = await createUser({ name, email, password: "correct horse battery" });
  if (!created.ok) throw new Error("could not create test user");
  return created.user;
}

/** The session Viewer of `user` in the workspace `slug`, as lib/session.ts would build it now. */
export async function viewerIn(user: { id: string; name: string; email: string }, slug: string): Promise<Viewer | null> {
  const membership = await findMembership(user.id, slug);
  return membership ? sessionViewer(user, membership, "203.0.113.9") : null;
}

/** `viewer` on their next request: their role re-read (or null once they are no longer a member). */
export const refreshed = (viewer: Viewer) => viewerIn(viewer, viewer.workspace.slug);

/**
 * A new person who joins `inviter`'s workspace as `role` the way a person does: invited by
 * link, accepted with a session of the invited email. Returns their session Viewer there.
 */
export async function joinAs(inviter: Viewer, role: Role, name = `${role[0]!.toUpperCase()}${role.slice(1)} Person`): Promise<Viewer> {
  const user = await makeUser(name);
  const invited = await createInvitation(inviter, { email: user.email, role });
  if (!invited.ok) throw new Error(`could not invite as ${role}: ${invited.reason}`);
  const accepted = await acceptInvitation(user, invited.token);
  if (!accepted.ok) throw new Error(`could not accept: ${accepted.reason}`);
  const viewer = await viewerIn(user, inviter.workspace.slug);
  if (!viewer) throw new Error("joined but not a member");
  return viewer;
}

/**
 * A service key (acting as the workspace, no member) created by `creator`. There is no API for
 * these in the DAL yet; this writes it through changeKeys like every key change.
 */
export async function makeServiceKey(creator: Viewer, permission: Permission = "read_write") {
  const secret = generateKey();
  const fields = { sid: generateSid(), name: "Service key", description: "", prefix: displayPrefix(secret) };
  const key = await changeKeys(auditActorOf(creator), (change) =>
    change.insert(
      { ...fields, permission, userId: null, createdById: creator.id, hash: hashKey(secret, env().KEY_PEPPER), searchText: searchTextOf(fields) },
      { action: "created", detail: "Service key (test fixture)" },
    ),
  );
  return { key, secret };
}
