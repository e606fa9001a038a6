import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { generateKey } from "@/lib/keys/format";
import { KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/validation/keys";
import { normaliseText, textProblem } from "@/lib/validation/text";
import { GET as me } from "@/app/api/v1/me/route";
import { GET as listKeys, POST as createKey } from "@/app/api/v1/keys/route";
import { PATCH as updateKey } from "@/app/api/v1/keys/[sid]/route";
import { POST as verify } from "@/app/api/v1/keys/verify/route";
import { POST as reportLeaks } from "@/app/api/v1/leaks/route";
import { anyString, anyText, anyValue, benignText, encodedQuery, jsonBody } from "./hostile-input";

// Budgets out of the way, so every request reaches parsing and the database instead of a 429.
process.env.KEY_CREATES_PER_USER_PER_HOUR = "100000";
process.env.MAX_ACTIVE_KEYS = "1000";
process.env.FAILED_AUTH_PER_MINUTE = "100000";

afterAll(() => db().$disconnect());

const ctx = { params: Promise.resolve({}) };
const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));
const authHeader = fc.oneof(
  printable(80),
  fc.tuple(fc.constantFrom("ApiKey ", "Bearer ", "Basic ", "Token "), fc.oneof(printable(60), fc.constant(generateKey()))).map(([a, b]) => a + b),
);
const ip = fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.18.${a}.${b}`);
const RUNS = 1_200;

/** Sends `body` as JSON with a key; fails the property on any 5xx, with what was sent. */
async function send<P>(handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>, url: string, secret: string | null, init: RequestInit, params = {} as P) {
  const headers = new Headers({ "content-type": "application/json", "x-forwarded-for": "198.19.0.1" });
  if (secret) headers.set("authorization", `Bearer ${secret}`);
  const response = await handler(new Request(`http://localhost${url}`, { ...init, headers }), { params: Promise.resolve(params) });
  if (response.status >= 500) throw new Error(`${response.status} for ${init.method ?? "GET"} ${url.slice(0, 200)} ${String(init.body ?? "").slice(0, 200)}: ${await response.text()}`);
  return response;
}

describe("fuzzing the API with thousands of generated requests", () => {
  it("GET /api/v1/me answers only 400, 401 or 429 to any header and query, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(authHeader), fc.option(printable(60)), fc.stringMatching(/^[a-z_=&0-9%]{0,30}$/), ip, async (authorization, xApiKey, query, from) => {
        const headers = new Headers({ "x-forwarded-for": from });
        if (authorization !== null) headers.set("authorization", authorization);
        if (xApiKey !== null) headers.set("x-api-key", xApiKey);
        const response = await me(new Request(`http://localhost/api/v1/me?${query}`, { headers }), ctx);
        expect([400, 401, 429]).toContain(response.status);
        const body = await response.json();
        expect(typeof body.error.code).toBe("string");
      }),
      { numRuns: 1_000 },
    );
  });

  // A key one character off: reported as leaked, it must revoke nothing. (Replacing the last
  // character with a fixed "x" was the secret itself whenever it already ended in "x".)
  const nearMiss = (secret: string) => secret.slice(0, -1) + (secret.endsWith("x") ? "y" : "x");

  it("create, edit, search, verify and leak reports answer any Unicode, any shape, any length without a 5xx, and store only text the rule allows", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { permission: "read_write", expiry: "never" });
    const { key: target } = await makeKey(viewer, { name: "Target", permission: "read" });
    const createBody = fc.record(
      {
        name: fc.oneof(benignText, anyValue),
        description: fc.oneof(benignText, anyValue),
        expiry: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("7", "never") }, { weight: 1, arbitrary: anyValue }),
        permission: fc.oneof({ weight: 4, arbitrary: fc.constant("read") }, { weight: 1, arbitrary: anyValue }),
        expiresOn: anyValue,
      },
      { requiredKeys: ["name", "expiry"] },
    );
    const updateBody = fc.record({ name: anyValue, description: anyValue }, { requiredKeys: [] });
    const sid = fc.oneof({ weight: 5, arbitrary: fc.constant(target.sid) }, { weight: 1, arbitrary: anyText });
    const leakBody = fc.oneof(fc.record({ keys: fc.oneof(fc.array(fc.oneof(anyValue, fc.constant(nearMiss(secret))), { maxLength: 5 }), anyValue) }), anyValue);
    const statuses = { create: new Set<number>(), update: new Set<number>(), search: new Set<number>(), verify: new Set<number>(), leaks: new Set<number>() };

    await fc.assert(
      fc.asyncProperty(jsonBody(createBody), jsonBody(updateBody), sid, encodedQuery, jsonBody(fc.record({ key: anyValue })), jsonBody(leakBody), async (create, update, sidValue, q, check, leak) => {
        const [created, updated, searched, verified, reported] = await Promise.all([
          send(createKey, "/api/v1/keys", secret, { method: "POST", body: create }),
          send(updateKey, `/api/v1/keys/${encodeURIComponent(sidValue.toWellFormed())}`, secret, { method: "PATCH", body: update }, { sid: sidValue }),
          send(listKeys, `/api/v1/keys?q=${q}`, secret, {}),
          send(verify, "/api/v1/keys/verify", secret, { method: "POST", body: check }),
          send(reportLeaks, "/api/v1/leaks", null, { method: "POST", body: leak }),
        ]);
        expect([201, 400, 403, 409, 422]).toContain(created.status);
        expect([200, 400, 403, 404, 422]).toContain(updated.status);
        expect([200, 400, 422]).toContain(searched.status);
        expect([200, 400, 422]).toContain(verified.status);
        expect([202, 400, 413, 415, 422, 429]).toContain(reported.status);
        for (const [name, response] of Object.entries({ create: created, update: updated, search: searched, verify: verified, leaks: reported })) {
          statuses[name as keyof typeof statuses].add(response.status);
          if (response.status === 422) expect(Object.keys((await response.json()).error.details ?? {})).not.toHaveLength(0);
        }
      }),
      { numRuns: RUNS },
    );

    // The run must have reached both sides of every rule: accepted and refused input.
    expect([...statuses.create]).toEqual(expect.arrayContaining([201, 422]));
    expect([...statuses.update]).toEqual(expect.arrayContaining([200, 422]));
    expect([...statuses.search]).toEqual(expect.arrayContaining([200, 422]));
    const stored = await db().apiKey.findMany({ select: { name: true, description: true } });
    expect(stored.length).toBeGreaterThan(RUNS / 10);
    for (const { name, description } of stored) {
      expect({ name, problem: textProblem(name) }).toEqual({ name, problem: null });
      expect({ description, problem: textProblem(description, true) }).toEqual({ description, problem: null });
      expect(name).toBe(normaliseText(name));
      expect(description).toBe(normaliseText(description, true));
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(KEY_NAME_MAX);
      expect(description.length).toBeLessThanOrEqual(KEY_DESCRIPTION_MAX);
    }
  });

  it("a search finds a key whatever normal form its name was typed in", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { name: "Cafe\u0301 prod", permission: "read_write" });
    for (const q of ["caf%C3%A9", "cafe%CC%81"]) {
      const body = await (await send(listKeys, `/api/v1/keys?q=${q}`, secret, {})).json();
      expect(body.keys.map((k: { name: string }) => k.name)).toEqual(["Café prod"]);
    }
  });

  it("the attacks from issue 11: ?q=%00 and NUL in a name on create and edit are 422 with a field error", async () => {
    const viewer = await makeViewer();
    const { key, secret } = await makeKey(viewer, { permission: "read_write" });
    const search = await send(listKeys, "/api/v1/keys?q=%00", secret, {});
    const created = await send(createKey, "/api/v1/keys", secret, { method: "POST", body: JSON.stringify({ name: "a\0b", expiry: "7", permission: "read" }) });
    const edited = await send(updateKey, `/api/v1/keys/${key.sid}`, secret, { method: "PATCH", body: '{"description":"\\ud800"}' }, { sid: key.sid });
    expect([search.status, created.status, edited.status]).toEqual([422, 422, 422]);
    expect((await search.json()).error.details).toEqual({ q: "Search cannot contain line breaks, tabs or other control characters such as NUL." });
    expect((await created.json()).error.details).toEqual({ name: "Name cannot contain line breaks, tabs or other control characters such as NUL." });
    expect((await edited.json()).error.details).toEqual({ description: "Description contains a broken character (half of a UTF-16 surrogate pair). Retype it." });
  });

  it("POST /api/v1/keys/verify answers any body with 200, 400 or 422, never a 500", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { permission: "read" });
    const json = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ key: fc.oneof(printable(60), fc.constant(generateKey()), fc.constant(secret), fc.integer(), fc.constant(null), anyString) }).map((v) => JSON.stringify(v)),
      printable(80),
    );
    await fc.assert(
      fc.asyncProperty(json, async (body) => {
        const response = await send(verify, "/api/v1/keys/verify", secret, { method: "POST", body });
        expect([200, 400, 422]).toContain(response.status);
        const parsed = await response.json();
        if (response.status === 200) expect(["valid", "not_found", "revoked", "expired", "rate_limited"]).toContain(parsed.code);
      }),
      { numRuns: 500 },
    );
  });
});
