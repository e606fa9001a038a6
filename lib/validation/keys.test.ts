import { describe, expect, it } from "vitest";
import { parseCreateKey } from "./keys";

const now = new Date("2026-11-23T12:00:00.000Z");
const parse = (input: unknown) => parseCreateKey(input, now);
const base = { name: "Production", description: "", expiry: "30", expiresOn: "" };
const data = (input: unknown) => {
  const result = parse(input);
  if (!result.ok) throw new Error(JSON.stringify(result.fieldErrors));
  return result.data;
};
const errors = (input: unknown) => {
  const result = parse(input);
  if (result.ok) throw new Error("expected a validation error");
  return result.fieldErrors;
};

describe("the Add API Key form", () => {
  it("turns presets into an absolute expiry", () => {
    for (const days of ["7", "30", "90"]) {
      expect(data({ ...base, expiry: days }).expiresAt?.getTime()).toBe(now.getTime() + Number(days) * 86_400_000);
    }
  });

  it("allows no expiry", () => {
    expect(data({ ...base, expiry: "never" }).expiresAt).toBeNull();
  });

  it("takes a custom date as the end of that day in UTC, today included", () => {
    expect(data({ ...base, expiry: "custom", expiresOn: "2026-12-01" }).expiresAt?.toISOString()).toBe("2026-12-01T23:59:59.999Z");
    expect(data({ ...base, expiry: "custom", expiresOn: "2026-11-23" }).expiresAt?.toISOString()).toBe("2026-11-23T23:59:59.999Z");
  });

  it.each([
    ["a past date", "2026-11-22", "The expiry date must be in the future."],
    ["a nonsense date", "2026-02-31", "Enter a date as YYYY-MM-DD."],
    ["no date", "", "Enter a date as YYYY-MM-DD."],
    ["another format", "01/12/2026", "Enter a date as YYYY-MM-DD."],
    ["a date too far away", "2040-01-01", "Choose a date within the next 10 years."],
  ])("refuses %s beside the date field", (_name, expiresOn, message) => {
    expect(errors({ ...base, expiry: "custom", expiresOn })).toEqual({ expiresOn: message });
  });

  it("reports every bad field at once", () => {
    expect(errors({ name: "", description: "d".repeat(201), expiry: "custom", expiresOn: "2020-01-01" })).toEqual({
      name: "Enter a name for the key.",
      description: "Description must be at most 200 characters.",
      expiresOn: "The expiry date must be in the future.",
    });
  });

  it("requires a name of at most 64 characters and trims it", () => {
    expect(errors({ ...base, name: "   " })).toEqual({ name: "Enter a name for the key." });
    expect(errors({ ...base, name: "x".repeat(65) })).toEqual({ name: "Name must be at most 64 characters." });
    expect(data({ ...base, name: `  ${"x".repeat(64)}  ` }).name).toBe("x".repeat(64));
  });

  it("limits the description to 200 characters", () => {
    expect(errors({ ...base, description: "d".repeat(201) })).toHaveProperty("description");
    expect(data({ ...base, description: "d".repeat(200) }).description).toHaveLength(200);
  });

  it.each([["1"], ["365"], ["-7"], [""], [null]])("refuses a forged expiry value %j", (expiry) => {
    expect(errors({ ...base, expiry })).toEqual({ expiry: "Choose when the key expires." });
  });

  it.each([[42], [["a"]], [{ toString: "x" }]])("refuses a non-string name %j", (name) => {
    expect(errors({ ...base, name })).toHaveProperty("name");
  });

  it.each([[null], [undefined], ["text"], [[]]])("refuses a non-object input %j", (input) => {
    expect(parse(input).ok).toBe(false);
  });
});
