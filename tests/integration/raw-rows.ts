import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";

/**
 * A user and `keys` API keys written straight into the database, for tests of background work
 * (activity writes, retention) that need rows to exist but not the way they were made.
 */
export async function insertUserWithKeys(keys: number): Promise<{ userId: string; keyIds: string[] }> {
  const tag = () => randomBytes(8).toString("hex");
  const user = await db().user.create({ data: { name: "Background", email: `bg-${tag()}@example.test`, passwordHash: "not-a-hash" }, select: { id: true } });
  // A workspace with the user's id, as the upgrade migration makes for existing accounts.
  await db().workspace.create({ data: { id: user.id, slug: `bg-${tag()}`, name: "Background", memberships: { create: { userId: user.id, role: "owner" } } }, select: { id: true } });
  const keyIds = await Promise.all(
    Array.from({ length: keys }, async () => {
      const sid = `key_${tag()}`;
      const row = await db().apiKey.create({ data: { sid, workspaceId: user.id, userId: user.id, name: "Background key", prefix: "lk_test", hash: tag() + tag() }, select: { id: true } });
      return row.id;
    }),
  );
  return { userId: user.id, keyIds };
}
