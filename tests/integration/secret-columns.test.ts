import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { createCredential } from "@/lib/dal/credentials";
import { createWebhook } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { webhookSchema } from "@/lib/validation/webhooks";

// Every secret column is omitted by default in the database client: a query that does not
// name it in its select cannot carry it into a DTO, a log line or a page.
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";

afterAll(() => db().$disconnect());

describe("secret columns are omitted unless a query asks for them by name", () => {
  it("the password hash, the key hash and the sealed credential and signing secret", async () => {
    const viewer = await makeViewer();
    await makeKey(viewer);
    await createCredential(viewer, { hosts: ["127.0.0.1"], name: "bearer", type: "bearer", token: "tok-SECRET-omit-1" });
    await createWebhook(viewer, webhookSchema.parse({ name: "Hook", url: "http://127.0.0.1:9/h", events: ["key.created"], credentialId: "none" }));
    const rows = {
      user: await db().user.findFirst({ where: { id: viewer.id } }),
      apiKey: await db().apiKey.findFirst({ where: { userId: viewer.id } }),
      credential: await db().credential.findFirst({ where: { userId: viewer.id } }),
      webhook: await db().webhook.findFirst({ where: { userId: viewer.id } }),
      nested: await db().user.findFirst({ where: { id: viewer.id }, include: { apiKeys: true, credentials: true, webhooks: true } }),
    };
    expect(Object.keys(rows.user!)).not.toContain("passwordHash");
    expect(Object.keys(rows.apiKey!)).not.toContain("hash");
    expect(Object.keys(rows.credential!)).not.toContain("sealed");
    expect(Object.keys(rows.webhook!)).not.toContain("secretSealed");
    const everything = JSON.stringify(rows);
    for (const column of ["passwordHash", '"hash"', '"sealed"', "secretSealed", "argon2"]) expect(everything).not.toContain(column);
    // Asked for by name, it is there: the omission is a default, not a loss.
    expect((await db().user.findFirst({ where: { id: viewer.id }, select: { passwordHash: true } }))?.passwordHash).toMatch(/^\$argon2id\$/);
  });
});
