import { randomBytes } from "node:crypto";
import { createKey } from "@/lib/dal/key-changes";
import { createUser } from "@/lib/dal/users";
import { parseCreateKey } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { apiKeyViewer, sessionViewer } from "@/lib/viewer-issue";

/** A fresh account in the real test database. */
export async function makeViewer(name = "Test User"): Promise<Viewer> {
  const email = `user-${randomBytes(6).toString("hex")}@example.test`;
  const created = await createUser({ name, email, password: "correct horse battery" });
  if (!created.ok) throw new Error("could not create test user");
  return sessionViewer({ id: created.user.id, name, email }, "203.0.113.7");
}

type KeyFields = Partial<{ name: string; description: string; expiry: string; expiresOn: string; permission: string }>;

export async function makeKey(viewer: Viewer, fields: KeyFields = {}) {
  const input = parseCreateKey({ name: "Test key", description: "", expiry: "30", permission: "read_write", ...fields });
  if (!input.ok) throw new Error(`invalid test key: ${JSON.stringify(input.fieldErrors)}`);
  const created = await createKey(viewer, input.data);
  if (!created.ok) throw new Error(`could not create key: ${created.reason}`);
  return created;
}

/** The API-key viewer a route handler would see for `key`. */
export const asKey = (viewer: Viewer, key: { sid: string; permission: "read" | "write" | "read_write" }): Viewer => apiKeyViewer(viewer, key, "198.51.100.1");
