import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { flushActivity } from "@/lib/dal/activity";
import { listAuditEvents } from "@/lib/dal/audit";
import { revokeKey } from "@/lib/dal/key-changes";
import { getKey } from "@/lib/dal/keys";
import { usageBySid } from "@/lib/dal/usage";
import { db } from "@/lib/db";
import { GET as me } from "../me/route";
import { GET, POST } from "./route";

afterAll(() => db().$disconnect());

const ctx = { params: Promise.resolve({}) };
const get = (handler: typeof GET, secret: string, path = "/api/v1/keys") =>
  handler(new Request(`http://localhost${path}`, { headers: { authorization: `ApiKey ${secret}`, "x-forwarded-for": "198.51.100.23" } }), ctx);
const post = (secret: string, body: unknown) =>
  POST(new Request("http://localhost/api/v1/keys", { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "x-forwarded-for": "198.51.100.23" }, body: JSON.stringify(body) }), ctx);

describe("the permission matrix", () => {
  it.each([
    ["read", { me: 200, list: 200, create: 403 }],
    ["write", { me: 403, list: 403, create: 201 }],
    ["read_write", { me: 200, list: 200, create: 201 }],
  ] as const)("a %s key", async (permission, expected) => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { permission });
    const results = {
      me: (await get(me, secret, "/api/v1/me")).status,
      list: (await get(GET, secret)).status,
      create: (await post(secret, { name: "child", expiry: "7", permission: permission === "read" ? "read" : "write" })).status,
    };
    expect(results).toEqual(expected);
  });

  it("answers a missing permission with a 403 that is distinct from the 401 of a bad key", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { permission: "read" });
    const response = await post(secret, { name: "x", expiry: "7" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "insufficient_permission", message: "This API key does not have write permission." } });
  });

  it("refuses to create a key with more permission than the creating key", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { permission: "write" });
    const response = await post(secret, { name: "escalate", expiry: "7", permission: "read_write" });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("permission_exceeds");
    expect((await db().apiKey.count({ where: { userId: viewer.id } }))).toBe(1);
  });

  it("records a refused permission in the security log, after the response", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { permission: "read" });
    await post(secret, { name: "x", expiry: "7" });
    await new Promise((r) => setTimeout(r, 200));
    const denied = (await listAuditEvents(viewer, { page: 1 })).events.filter((e) => e.action === "permission_denied");
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actorType: "api_key", actorSid: key.sid, keySid: key.sid, ip: "198.51.100.23" });
  });
});

describe("POST /api/v1/keys", () => {
  it("returns the secret once, with 201, and the key works", async () => {
    const viewer = await makeViewer();
    const { secret, key: creator } = await makeKey(viewer, { permission: "read_write" });
    const response = await post(secret, { name: "From the API", description: "made by a key", expiry: "never", permission: "read" });
    expect(response.status).toBe(201);
    const body = await response.json();
    // "never" from a key that itself expires: no later than its creator.
    expect(body.key).toMatchObject({ name: "From the API", permission: "read", status: "active", expiresAt: creator.expiresAt!.toISOString(), createdByKeySid: creator.sid });
    expect((await get(me, body.secret, "/api/v1/me")).status).toBe(200);
    const listed = await (await get(GET, secret)).json();
    expect(JSON.stringify(listed)).not.toContain(body.secret);
  });

  it("answers invalid input with 422 and per-field details, and creates nothing", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer);
    const response = await post(secret, { name: "", expiry: "custom", expiresOn: "2001-01-01", permission: "admin" });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.details).sort()).toEqual(["expiresOn", "name", "permission"]);
    expect(await db().apiKey.count({ where: { userId: viewer.id } })).toBe(1);
  });

  it("answers a body that is not JSON with 400", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer);
    const response = await POST(new Request("http://localhost/api/v1/keys", { method: "POST", headers: { "x-api-key": secret }, body: "{nope" }), ctx);
    expect(response.status).toBe(400);
  });
});

describe("the expiry header", () => {
  it("is on every authenticated response, 403s included, and never on a 401", async () => {
    const viewer = await makeViewer();
    const dated = await makeKey(viewer, { expiry: "custom", expiresOn: "2030-06-15", permission: "read" });
    const forever = await makeKey(viewer, { expiry: "never" });
    const ok = await get(me, dated.secret, "/api/v1/me");
    expect(ok.headers.get("latchkey-key-expiration")).toBe("2030-06-15 23:59:59 UTC");
    expect((await post(dated.secret, { name: "x", expiry: "7" })).headers.get("latchkey-key-expiration")).toBe("2030-06-15 23:59:59 UTC");
    expect((await get(me, forever.secret, "/api/v1/me")).headers.get("latchkey-key-expiration")).toBe("never");
    await revokeKey(viewer, forever.key.sid);
    expect((await get(me, forever.secret, "/api/v1/me")).headers.get("latchkey-key-expiration")).toBeNull();
  });
});

describe("usage through the API", () => {
  it("after N requests and one flush, today's count is N; refusals are counted apart; nothing is written before", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { permission: "read" });
    for (let i = 0; i < 12; i++) expect((await get(me, secret, "/api/v1/me")).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await post(secret, { name: "x", expiry: "7" })).status).toBe(403);
    const stored = await db().apiKey.findUniqueOrThrow({ where: { sid: key.sid }, select: { lastUsedAt: true } });
    expect(stored.lastUsedAt).toBeNull();
    expect(await db().keyUsageDay.count({ where: { key: { sid: key.sid } } })).toBe(0);

    await flushActivity();
    const today = (await usageBySid(viewer, [key.sid])).get(key.sid)!.at(-1);
    expect(today).toMatchObject({ succeeded: 12, refused: 2 });
    expect(await getKey(viewer, key.sid)).toMatchObject({ lastUsedIp: "198.51.100.23" });

    await revokeKey(viewer, key.sid);
    expect((await get(me, secret, "/api/v1/me")).status).toBe(401);
    await flushActivity();
    expect((await usageBySid(viewer, [key.sid])).get(key.sid)!.at(-1)).toMatchObject({ succeeded: 12, refused: 3 });
  });
});
