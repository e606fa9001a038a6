import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db } from "@/lib/db";
import { redis } from "@/lib/limits/rate-limit";

// Nothing listens on port 1.
process.env.REDIS_URL = "redis://127.0.0.1:1";

// Connect first: the probe gives the database 2 s, and a fresh process's first connection on a
// loaded machine took longer (a 503 for the wrong reason). This test is about Redis.
beforeAll(() => db().user.count());

afterAll(async () => {
  redis()?.disconnect();
  await db().$disconnect();
});

describe("GET /api/health with Redis unreachable", () => {
  it("says so, but stays 200: the instance still serves, with in-memory limits", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: "ok", redis: "unavailable" });
  });
});
