import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db } from "@/lib/db";

afterAll(() => db().$disconnect());

describe("GET /api/health", () => {
  it("reports the database and Redis it can reach, and no more", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, database: "ok", redis: process.env.REDIS_URL ? "ok" : "not_configured" });
    expect(Object.keys(body).sort()).toEqual(["checkedAt", "database", "ok", "redis"]);
  });
});
