import { describe, expect, it } from "vitest";
import { accessForMethod, covers, grants, PERMISSIONS } from "./permissions";

describe("permissions", () => {
  it.each([
    ["read", "read", true],
    ["read", "write", false],
    ["write", "read", false],
    ["write", "write", true],
    ["read_write", "read", true],
    ["read_write", "write", true],
  ] as const)("%s grants %s: %s", (permission, access, expected) => {
    expect(grants(permission, access)).toBe(expected);
  });

  it("never lets a holder hand out more than it has", () => {
    const allowed = PERMISSIONS.flatMap((holder) => PERMISSIONS.filter((p) => covers(holder, p)).map((p) => `${holder}>${p}`));
    expect(allowed.sort()).toEqual(["read>read", "read_write>read", "read_write>read_write", "read_write>write", "write>write"]);
  });

  it("treats safe methods as reads and the rest as writes", () => {
    expect(["GET", "head", "OPTIONS"].map(accessForMethod)).toEqual(["read", "read", "read"]);
    expect(["POST", "PUT", "PATCH", "DELETE"].map(accessForMethod)).toEqual(["write", "write", "write", "write"]);
  });
});
