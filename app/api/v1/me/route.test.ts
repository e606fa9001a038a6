import { afterAll, describe, expect, it, vi } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { revokeKey } from "@/lib/dal/key-changes";
import { generateKey } from "@/lib/keys/format";
import { GET } from "./route";

afterAll(() => db().$disconnect());

const call = (headers: Record<string, string> = {}, url = "http://localhost/api/v1/me") =>
  GET(new Request(url, { headers }), { params: Promise.resolve({}) });

const UNAUTHORIZED = { error: { code: "unauthorized", message: "The API key is missing, invalid, expired or revoked." } };

describe("GET /api/v1/me", () => {
  it.each([
    ["Authorization: ApiKey", (k: string) => ({ authorization: `ApiKey ${k}` })],
    ["Authorization: Bearer", (k: string) => ({ authorization: `Bearer ${k}` })],
    ["X-API-Key", (k: string) => ({ "x-api-key": k })],
  ])("answers the owner and the key for %s", async (_form, headers) => {
    const viewer = await makeViewer("Ada");
    const { key, secret } = await makeKey(viewer, { name: "CI", expiry: "never" });
    const response = await call(headers(secret));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    const member = { id: viewer.id, name: "Ada", email: viewer.email };
    expect(body).toEqual({
      workspace: { slug: viewer.workspace.slug, name: "Ada’s workspace" },
      actsAs: { type: "member", role: "owner", member },
      user: member,
      key: { sid: key.sid, name: "CI", prefix: key.prefix, expiresAt: null, permission: "read_write" },
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(/[0-9a-f]{64}/); // no hash
  });

  it("gives unknown, malformed, bad-checksum, revoked and expired keys one identical 401", async () => {
    const viewer = await makeViewer();
    const revoked = await makeKey(viewer);
    await revokeKey(viewer, revoked.key.sid);
    const expired = await makeKey(viewer);
    await db().apiKey.update({ where: { sid: expired.key.sid }, data: { expiresAt: new Date(Date.now() - 1) } });
    const good = generateKey();
    const cases = {
      missing: {},
      unknown: { authorization: `ApiKey ${generateKey()}` },
      malformed: { authorization: "ApiKey hello" },
      badChecksum: { authorization: `ApiKey ${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}` },
      wrongScheme: { authorization: `Basic ${good}` },
      revoked: { "x-api-key": revoked.secret },
      expired: { "x-api-key": expired.secret },
    };
    const responses = await Promise.all(Object.values(cases).map(async (headers) => {
      const response = await call(headers);
      return { status: response.status, body: await response.text(), auth: response.headers.get("www-authenticate") };
    }));
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toEqual(UNAUTHORIZED);
      expect(response.auth).toBe('ApiKey realm="latchkey"');
    }
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
  });

  it("rejects a bad checksum before any database work", async () => {
    const client = db();
    const findUnique = vi.spyOn(client.apiKey, "findUnique");
    const key = generateKey();
    const response = await call({ authorization: `Bearer ${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}` });
    expect(response.status).toBe(401);
    expect(findUnique).not.toHaveBeenCalled();
    // The spy does see real lookups, so the assertion above can fail.
    await call({ authorization: `Bearer ${key}` });
    expect(findUnique).toHaveBeenCalledTimes(1);
    findUnique.mockRestore();
  });

  it("refuses a key in the query string with a 400 that says to use a header", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer);
    const response = await call({}, `http://localhost/api/v1/me?api_key=${secret}`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("key_in_query");
    expect(body.error.message).toMatch(/header/);
    expect(JSON.stringify(body)).not.toContain(secret);
  });

  it("answers 401 on the very next request after a revoke", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer);
    expect((await call({ "x-api-key": secret })).status).toBe(200);
    await revokeKey(viewer, key.sid);
    expect((await call({ "x-api-key": secret })).status).toBe(401);
  });
});
