import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { generateKey } from "@/lib/keys/format";
import * as one from "@/app/api/v1/keys/[sid]/route";
import * as roll from "@/app/api/v1/keys/[sid]/roll/route";
import * as revoke from "@/app/api/v1/keys/[sid]/revoke/route";
import * as collection from "@/app/api/v1/keys/route";
import * as verify from "@/app/api/v1/keys/verify/route";

afterAll(() => db().$disconnect());

// Route handlers differ in their params type; the test hands each the params it expects.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
async function call(handler: Handler, method: string, secret: string | null, sid = "", body?: unknown, query = "") {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret) headers.authorization = `ApiKey ${secret}`;
  const response = await handler(
    new Request(`http://localhost/api/v1/keys/${sid}${query}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve({ sid }) as Promise<never> },
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function setup() {
  const alice = await makeViewer("Alice");
  const admin = await makeKey(alice, { name: "admin", permission: "read_write" });
  const reader = await makeKey(alice, { name: "reader", permission: "read" });
  const target = await makeKey(alice, { name: "target", description: "the one we change" });
  const bob = await makeViewer("Bob");
  const bobs = await makeKey(bob, { name: "bob's", permission: "read_write" });
  return { alice, admin, reader, target, bob, bobs };
}

describe("every key endpoint: success, validation, another user's sid, wrong permission, missing key", () => {
  it("GET /api/v1/keys/{sid}", async () => {
    const { admin, reader, target, bobs } = await setup();
    const ok = await call(one.GET, "GET", reader.secret, target.key.sid);
    expect(ok.status).toBe(200);
    expect(ok.body.key).toMatchObject({ sid: target.key.sid, name: "target", status: "active" });
    expect(JSON.stringify(ok.body)).not.toMatch(/[0-9a-f]{64}|lk_[0-9A-Za-z]{38}/);
    expect((await call(one.GET, "GET", admin.secret, "key_nonsense")).status).toBe(404);
    const foreign = await call(one.GET, "GET", bobs.secret, target.key.sid);
    const unknown = await call(one.GET, "GET", bobs.secret, "key_0000000000000000");
    expect(foreign).toEqual(unknown); // not yours = does not exist
    expect(foreign.status).toBe(404);
    expect((await call(one.GET, "GET", null, target.key.sid)).status).toBe(401);
  });

  it("PATCH /api/v1/keys/{sid}", async () => {
    const { admin, reader, target, bobs } = await setup();
    const ok = await call(one.PATCH, "PATCH", admin.secret, target.key.sid, { name: "renamed" });
    expect(ok.status).toBe(200);
    expect(ok.body.key).toMatchObject({ name: "renamed", description: "the one we change" });
    const invalid = await call(one.PATCH, "PATCH", admin.secret, target.key.sid, { name: "x".repeat(65), permission: "read_write" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.code).toBe("validation_failed");
    expect((await call(one.PATCH, "PATCH", admin.secret, target.key.sid, {})).status).toBe(422);
    expect((await call(one.PATCH, "PATCH", bobs.secret, target.key.sid, { name: "pwned" })).status).toBe(404);
    expect((await call(one.PATCH, "PATCH", reader.secret, target.key.sid, { name: "nope" })).status).toBe(403);
    expect((await call(one.PATCH, "PATCH", null, target.key.sid, { name: "nope" })).status).toBe(401);
    expect((await db().apiKey.findUniqueOrThrow({ where: { sid: target.key.sid } })).name).toBe("renamed");
  });

  it("POST /api/v1/keys/{sid}/roll", async () => {
    const { admin, reader, target, bobs } = await setup();
    expect((await call(roll.POST, "POST", admin.secret, target.key.sid, { grace: "forever" })).status).toBe(422);
    expect((await call(roll.POST, "POST", bobs.secret, target.key.sid, { grace: "now" })).status).toBe(404);
    expect((await call(roll.POST, "POST", reader.secret, target.key.sid, { grace: "now" })).status).toBe(403);
    expect((await call(roll.POST, "POST", null, target.key.sid, { grace: "now" })).status).toBe(401);
    const ok = await call(roll.POST, "POST", admin.secret, target.key.sid, { grace: "1h" });
    expect(ok.status).toBe(201);
    expect(ok.body.secret).toMatch(/^lk_/);
    expect(ok.body.oldKey).toMatchObject({ sid: target.key.sid, rolledToSid: ok.body.key.sid });
    expect((await call(collection.GET, "GET", ok.body.secret)).status).toBe(200);
    expect((await call(collection.GET, "GET", target.secret)).status).toBe(200); // grace period
    expect((await call(roll.POST, "POST", admin.secret, target.key.sid)).body.error.code).toBe("already_rolled");
  });

  it("a key cannot roll a key with more permission than its own (no minting Read/Write secrets)", async () => {
    const { alice, target } = await setup();
    const writer = await makeKey(alice, { permission: "write" });
    const refused = await call(roll.POST, "POST", writer.secret, target.key.sid, { grace: "now" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("permission_exceeds");
    expect((await call(collection.GET, "GET", target.secret)).status).toBe(200); // untouched
    const own = await makeKey(alice, { permission: "write" });
    expect((await call(roll.POST, "POST", writer.secret, own.key.sid, { grace: "now" })).status).toBe(201);
  });

  it("a key cannot change rate limits, its own or another's", async () => {
    const { admin, target } = await setup();
    for (const sid of [admin.key.sid, target.key.sid]) {
      const refused = await call(one.PATCH, "PATCH", admin.secret, sid, { rateLimitPerMinute: null });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("forbidden_field");
    }
  });

  it("POST /api/v1/keys/{sid}/revoke and DELETE /api/v1/keys/{sid}", async () => {
    const { admin, reader, target, bobs } = await setup();
    expect((await call(one.DELETE, "DELETE", admin.secret, target.key.sid)).body.error.code).toBe("key_active");
    expect((await call(revoke.POST, "POST", bobs.secret, target.key.sid)).status).toBe(404);
    expect((await call(revoke.POST, "POST", reader.secret, target.key.sid)).status).toBe(403);
    expect((await call(revoke.POST, "POST", null, target.key.sid)).status).toBe(401);
    expect((await call(collection.GET, "GET", target.secret)).status).toBe(200); // now in this process's cache
    const revoked = await call(revoke.POST, "POST", admin.secret, target.key.sid);
    expect(revoked.body.key.status).toBe("revoked");
    // Refused on the very next request to this server, cache or not.
    expect((await call(collection.GET, "GET", target.secret)).status).toBe(401);
    expect((await call(one.DELETE, "DELETE", bobs.secret, target.key.sid)).status).toBe(404);
    expect((await call(one.DELETE, "DELETE", reader.secret, target.key.sid)).status).toBe(403);
    expect((await call(one.DELETE, "DELETE", admin.secret, target.key.sid)).status).toBe(204);
    expect((await call(one.GET, "GET", admin.secret, target.key.sid)).status).toBe(404);
  });

  it("GET /api/v1/keys pages by cursor, searches and sorts", async () => {
    const { admin } = await setup();
    const all: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page = await call(collection.GET, "GET", admin.secret, "", undefined, `?limit=2&sort=name${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.status).toBe(200);
      all.push(...page.body.keys.map((k: { name: string }) => k.name));
      cursor = page.body.nextCursor;
    }
    expect(all).toEqual(["admin", "reader", "target"]);
    expect((await call(collection.GET, "GET", admin.secret, "", undefined, "?q=ONE WE")).body.keys.map((k: { name: string }) => k.name)).toEqual(["target"]);
    expect((await call(collection.GET, "GET", admin.secret, "", undefined, "?limit=500")).status).toBe(422);
    expect((await call(collection.GET, "GET", admin.secret, "", undefined, "?cursor=forged")).status).toBe(400);
  });
});

describe("POST /api/v1/keys/verify", () => {
  it("answers valid, not_found, revoked and expired for the account's own keys", async () => {
    const { alice, reader, target, bobs } = await setup();
    const ask = async (key: string, asker = reader.secret) => (await call(verify.POST, "POST", asker, "verify", { key })).body;

    expect(await ask(target.secret)).toEqual({
      valid: true,
      code: "valid",
      key: { sid: target.key.sid, name: "target", permission: "read_write", expiresAt: target.key.expiresAt!.toISOString(), kind: "member", memberId: alice.id },
    });
    expect(await ask(generateKey())).toEqual({ valid: false, code: "not_found", key: null });
    expect(await ask("lk_garbage")).toEqual({ valid: false, code: "not_found", key: null });
    expect(await ask(bobs.secret)).toEqual({ valid: false, code: "not_found", key: null }); // another account's key
    await call(revoke.POST, "POST", (await makeKey(alice, { permission: "read_write" })).secret, target.key.sid);
    expect(await ask(target.secret)).toMatchObject({ valid: false, code: "revoked" });
    const expiring = await makeKey(alice);
    await db().apiKey.update({ where: { sid: expiring.key.sid }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await ask(expiring.secret)).toMatchObject({ valid: false, code: "expired" });
  });

  it("needs a valid key of the account and a well-formed body", async () => {
    const { reader } = await setup();
    expect((await call(verify.POST, "POST", null, "verify", { key: reader.secret })).status).toBe(401);
    expect((await call(verify.POST, "POST", reader.secret, "verify", { nope: 1 })).status).toBe(422);
    expect((await call(verify.POST, "POST", reader.secret, "verify", { key: 42 })).status).toBe(422);
  });
});
