import { randomBytes } from "node:crypto";
import { createKey } from "@/lib/dal/key-changes";
import { createUser } from "@/lib/dal/users";
import { findMembership } from "@/lib/dal/workspaces";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { apiKeyViewer, sessionViewer } from "@/lib/viewer-issue";
import type { Role } from "@/lib/workspaces/roles";

const SESSION_IP = "203.0.113.7";

/** A fresh account (with the workspace it owns from sign-up) in the real test database. */
async function newUser(name: string) {
  const email = `user-${randomBytes(6).toString("hex")}@example.test`;
  const created = await createUser({ name, email, password: "correct horse battery" });
  if (!created.ok) throw new Error("could not create test user");
  return { id: created.user.id, name, email };
}

/** A fresh account in the real test database, signed in to the workspace it got at sign-up. */
export async function makeViewer(name = "Test User"): Promise<Viewer> {
  const user = await newUser(name);
  const membership = await findMembership(user.id);
  if (!membership) throw new Error("the test user has no workspace");
  return sessionViewer(user, membership, SESSION_IP);
}

/**
 * A fresh account that is a member of `owner`'s workspace with `role`, signed in there. The
 * membership row is written directly (no invitation): tests may, the app may not.
 */
export async function addMember(owner: Viewer, role: Role, name = `${role} ${randomBytes(3).toString("hex")}`): Promise<Viewer> {
  const user = await newUser(name);
  await db().membership.create({ data: { workspaceId: owner.workspace.id, userId: user.id, role }, select: { id: true } });
  return sessionViewer(user, { workspace: owner.workspace, role }, SESSION_IP);
}

/**
 * The same person in the same workspace with another role, as the next request after a role
 * change would see them. Only the Viewer changes: write the Membership row too when the test
 * needs the database (an API key's verification) to agree.
 */
export const withRole = (viewer: Viewer, role: Role): Viewer => sessionViewer(viewer, { workspace: viewer.workspace, role }, viewer.ip);

type KeyFields = Partial<{ name: string; description: string; expiry: string; expiresOn: string; permission: string }>;

export async function makeKey(viewer: Viewer, fields: KeyFields = {}) {
  const input = parseCreateKey({ name: "Test key", description: "", expiry: "30", permission: "read_write", ...fields });
  if (!input.ok) throw new Error(`invalid test key: ${JSON.stringify(input.fieldErrors)}`);
  const created = await createKey(viewer, input.data);
  if (!created.ok) throw new Error(`could not create key: ${created.reason}`);
  return created;
}

/** The API-key viewer a route handler would see for `key`. */
export const asKey = (viewer: Viewer, key: { sid: string; permission: "read" | "write" | "read_write" }): Viewer =>
  apiKeyViewer(viewer, { workspace: viewer.workspace, role: viewer.role }, key, "198.51.100.1");
