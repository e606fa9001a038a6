import { randomBytes } from "node:crypto";
import { createKey } from "@/lib/dal/keys";
import { createUser } from "@/lib/dal/users";
import { parseCreateKey } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";

/** A fresh account in the real test database. */
export async function makeViewer(name = "Test User"): Promise<Viewer> {
  const email = `user-${randomBytes(6).toString("hex")}@example.test`;
  const created = await createUser({ name, email, password: "correct horse battery" });
  if (!created.ok) throw new Error("could not create test user");
  return { id: created.user.id, name, email, via: "session" };
}

export async function makeKey(viewer: Viewer, fields: Partial<{ name: string; description: string; expiry: string; expiresOn: string }> = {}) {
  const input = parseCreateKey({ name: "Test key", description: "", expiry: "30", ...fields });
  if (!input.ok) throw new Error(`invalid test key: ${JSON.stringify(input.fieldErrors)}`);
  const created = await createKey(viewer, input.data);
  if (!created.ok) throw new Error(`could not create key: ${created.reason}`);
  return created;
}
