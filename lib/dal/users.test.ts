import { afterAll, describe, expect, it } from "vitest";
import { makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { authenticate, changePassword, createUser, findSessionUser, updateProfile } from "./users";

afterAll(() => db().$disconnect());

describe("accounts", () => {
  it("stores an argon2id hash, never the password", async () => {
    const created = await createUser({ name: "Hash", email: "hash-check@example.test", password: "correct horse battery" });
    expect(created.ok).toBe(true);
    const row = await db().user.findUniqueOrThrow({ where: { email: "hash-check@example.test" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain("correct horse battery");
  });

  it("refuses a taken email, also when racing", async () => {
    const input = { name: "Dup", email: "dup@example.test", password: "correct horse battery" };
    const results = await Promise.all([createUser(input), createUser(input), createUser(input)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === "email_taken")).toHaveLength(2);
  });

  it("gives the same null for an unknown email and a wrong password", async () => {
    const viewer = await makeViewer();
    expect(await authenticate(viewer.email, "correct horse battery")).toMatchObject({ id: viewer.id });
    expect(await authenticate(viewer.email, "wrong password!!")).toBeNull();
    expect(await authenticate("nobody@example.test", "correct horse battery")).toBeNull();
  });

  it("a password change ends every existing session and needs the current password", async () => {
    const viewer = await makeViewer();
    const before = await authenticate(viewer.email, "correct horse battery");
    expect(await findSessionUser(viewer.id, before!.sessionVersion)).not.toBeNull();

    expect(await changePassword(viewer, "not my password", "a brand new password")).toEqual({ ok: false, reason: "wrong_password" });
    expect(await findSessionUser(viewer.id, before!.sessionVersion)).not.toBeNull();

    expect(await changePassword(viewer, "correct horse battery", "a brand new password")).toEqual({ ok: true });
    expect(await findSessionUser(viewer.id, before!.sessionVersion)).toBeNull();
    expect(await authenticate(viewer.email, "correct horse battery")).toBeNull();
    expect(await authenticate(viewer.email, "a brand new password")).not.toBeNull();
  });

  it("updates only the viewer's own profile and refuses another account's email", async () => {
    const alice = await makeViewer("Alice");
    const bob = await makeViewer("Bob");
    expect(await updateProfile(alice, { name: "Alice B", email: bob.email })).toEqual({ ok: false, reason: "email_taken" });
    expect(await updateProfile(alice, { name: "Alice B", email: alice.email })).toMatchObject({ ok: true });
    expect((await db().user.findUniqueOrThrow({ where: { id: bob.id } })).name).toBe("Bob");
  });
});
