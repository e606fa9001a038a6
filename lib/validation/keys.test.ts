import { describe, expect, it } from "vitest";
import { createKeySchema } from "./keys";

const now = new Date("2026-11-23T12:00:00.000Z");
const schema = createKeySchema(() => now);
const base = { name: "Production", description: "", expiry: "30", expiresOn: "" };

describe("the Add API Key form", () => {
  it("turns presets into an absolute expiry", () => {
    for (const days of ["7", "30", "90"]) {
      const out = schema.parse({ ...base, expiry: days });
      expect(out.expiresAt?.getTime()).toBe(now.getTime() + Number(days) * 86_400_000);
    }
  });

  it("allows no expiry", () => {
    expect(schema.parse({ ...base, expiry: "never" }).expiresAt).toBeNull();
  });

  it("takes a custom date as the end of that day in UTC, today included", () => {
    expect(schema.parse({ ...base, expiry: "custom", expiresOn: "2026-12-01" }).expiresAt?.toISOString()).toBe("2026-12-01T23:59:59.999Z");
    expect(schema.parse({ ...base, expiry: "custom", expiresOn: "2026-11-23" }).expiresAt?.toISOString()).toBe("2026-11-23T23:59:59.999Z");
  });

  it.each([
    ["a past date", "2026-11-22", "The expiry date must be in the future."],
    ["a nonsense date", "2026-02-31", "Enter a date as YYYY-MM-DD."],
    ["no date", "", "Enter a date as YYYY-MM-DD."],
    ["another format", "01/12/2026", "Enter a date as YYYY-MM-DD."],
  ])("refuses %s beside the date field", (_name, expiresOn, message) => {
    const result = schema.safeParse({ ...base, expiry: "custom", expiresOn });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["expiresOn"], message });
  });

  it("requires a name of at most 64 characters and trims it", () => {
    expect(schema.safeParse({ ...base, name: "   " }).error?.issues[0]).toMatchObject({ path: ["name"], message: "Enter a name for the key." });
    expect(schema.safeParse({ ...base, name: "x".repeat(65) }).error?.issues[0].path).toEqual(["name"]);
    expect(schema.parse({ ...base, name: `  ${"x".repeat(64)}  ` }).name).toBe("x".repeat(64));
  });

  it("limits the description to 200 characters", () => {
    expect(schema.safeParse({ ...base, description: "d".repeat(201) }).error?.issues[0].path).toEqual(["description"]);
    expect(schema.parse({ ...base, description: "d".repeat(200) }).description).toHaveLength(200);
  });

  it.each([["1"], ["365"], ["-7"], [""], [null]])("refuses a forged expiry value %j", (expiry) => {
    expect(schema.safeParse({ ...base, expiry }).success).toBe(false);
  });

  it("refuses non-string fields", () => {
    expect(schema.safeParse({ ...base, name: 42 }).success).toBe(false);
    expect(schema.safeParse({ ...base, name: ["a"] }).success).toBe(false);
  });
});
