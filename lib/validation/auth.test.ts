import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./auth";

describe("the sign-in callback never leaves the site", () => {
  it.each([
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/settings",
    "javascript:alert(1)",
    " /settings",
    "",
    "settings/api-keys",
  ])("refuses %j", (value) => {
    expect(safeCallbackPath(value)).toBe("/settings/api-keys");
  });

  it("refuses non-strings", () => {
    expect(safeCallbackPath(["/settings/profile"])).toBe("/settings/api-keys");
    expect(safeCallbackPath(undefined)).toBe("/settings/api-keys");
  });

  it.each([
    ["/settings/profile", "/settings/profile"],
    ["/settings/api-keys?q=prod&sort=name", "/settings/api-keys?q=prod&sort=name"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"], // encoded: stays a path on this site
    ["/settings/../settings/profile", "/settings/profile"],
  ])("keeps same-site path %j", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
    expect(new URL(safeCallbackPath(value), "https://latchkey.example").origin).toBe("https://latchkey.example");
  });
});
