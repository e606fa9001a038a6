import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "@/lib/keys/permissions";
import { canChangeRole, canInvite, canManageKey, canRemove, cappedPermission, ROLES, type Role } from "./roles";

// The matrix in ../shared/WORKSPACES.md, written out so a change to it is a visible diff.
describe("who may grant what", () => {
  it("invites: Owners any role, Admins up to Admin, nobody else", () => {
    const allowed = ROLES.flatMap((actor) => ROLES.filter((role) => canInvite(actor, role)).map((role) => `${actor}->${role}`));
    expect(allowed).toEqual(["owner->owner", "owner->admin", "owner->member", "owner->viewer", "admin->admin", "admin->member", "admin->viewer"]);
  });

  it("role changes: Owners any, Admins only between Member and Viewer", () => {
    const changes = (actor: Role) => ROLES.flatMap((from) => ROLES.filter((to) => to !== from && canChangeRole(actor, from, to)).map((to) => `${from}->${to}`));
    expect(changes("owner")).toHaveLength(12);
    expect(changes("admin")).toEqual(["member->viewer", "viewer->member"]);
    expect(changes("member")).toEqual([]);
    expect(changes("viewer")).toEqual([]);
  });

  it("removals: Owners anyone, Admins Members and Viewers", () => {
    expect(ROLES.filter((target) => canRemove("owner", target))).toEqual([...ROLES]);
    expect(ROLES.filter((target) => canRemove("admin", target))).toEqual(["member", "viewer"]);
    expect(ROLES.filter((target) => canRemove("member", target) || canRemove("viewer", target))).toEqual([]);
  });

  it("keys: Admins and Owners manage any, Members their own member keys, Viewers none", () => {
    const mine = { actingUserId: "me" };
    const theirs = { actingUserId: "them" };
    const service = { actingUserId: null };
    expect(ROLES.map((role) => [canManageKey(role, mine, "me"), canManageKey(role, theirs, "me"), canManageKey(role, service, "me")])).toEqual([
      [true, true, true],
      [true, true, true],
      [true, false, false],
      [false, false, false],
    ]);
  });

  it("a member key is capped by its member's role: a Viewer's keys only read, and a Write key of a Viewer does nothing", () => {
    for (const role of ["owner", "admin", "member"] as const) for (const p of PERMISSIONS) expect(cappedPermission(p, role)).toBe(p);
    expect(PERMISSIONS.map((p) => cappedPermission(p, "viewer"))).toEqual(["read", null, "read"]);
  });
});
