import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { generateKey } from "@/lib/keys/format";
import { GET as me } from "@/app/api/v1/me/route";
import { POST as verify } from "@/app/api/v1/keys/verify/route";

afterAll(() => db().$disconnect());

const ctx = { params: Promise.resolve({}) };
const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));
const authHeader = fc.oneof(
  printable(80),
  fc.tuple(fc.constantFrom("ApiKey ", "Bearer ", "Basic ", "Token "), fc.oneof(printable(60), fc.constant(generateKey()))).map(([a, b]) => a + b),
);
const ip = fc.tuple(fc.nat(255), fc.nat(255)).map(([a, b]) => `198.18.${a}.${b}`);

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
      { numRuns: 2_000 },
    );
  });

  it("POST /api/v1/keys/verify answers any body with 200, 400 or 422, never a 500", async () => {
    const viewer = await makeViewer();
    const { secret } = await makeKey(viewer, { permission: "read" });
    const json = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ key: fc.oneof(printable(60), fc.constant(generateKey()), fc.constant(secret), fc.integer(), fc.constant(null)) }).map((v) => JSON.stringify(v)),
      printable(80),
    );
    await fc.assert(
      fc.asyncProperty(json, async (body) => {
        const response = await verify(
          new Request("http://localhost/api/v1/keys/verify", { method: "POST", headers: { authorization: `Bearer ${secret}`, "x-forwarded-for": "198.19.0.1" }, body }),
          ctx,
        );
        expect([200, 400, 422]).toContain(response.status);
        const parsed = await response.json();
        if (response.status === 200) expect(["valid", "not_found", "revoked", "expired", "rate_limited"]).toContain(parsed.code);
      }),
      { numRuns: 1_000 },
    );
  });
});
