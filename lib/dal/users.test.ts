import { afterAll, describe, expect, it } from "vitest";
import { makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { createSession, findLiveSession } from "./sessions";
import { authenticate, changePassword, createUser, endAllSessions, updateProfile } from "./users";

afterAll(() => db().$disconnect());

describe("accounts", () => {
  it("stores an argon2id hash, never the password", async () => {
    const created = await createUser({ name: "Hash", email: "hash-check@example.test", password: "correct horse battery" });
    expect(created.ok).toBe(true);
    // The client omits the hash unless a query names it.
    const row = await db().user.findUniqueOrThrow({ where: { email: "hash-check@example.test" }, omit: { passwordHash: false } });
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
    const sid = await createSession(viewer.id, { ip: null, userAgent: null });
    const live = () => findLiveSession(sid, viewer.id, before!.sessionVersion);
    expect(await live()).not.toBeNull();

    expect(await changePassword(viewer, "not my password", "a brand new password")).toEqual({ ok: false, reason: "wrong_password" });
    expect(await live()).not.toBeNull();

    expect(await changePassword(viewer, "correct horse battery", "a brand new password")).toEqual({ ok: true });
    expect(await live()).toBeNull();
    expect(await db().userSession.count({ where: { userId: viewer.id } })).toBe(0);
    expect(await authenticate(viewer.email, "correct horse battery")).toBeNull();
    expect(await authenticate(viewer.email, "a brand new password")).not.toBeNull();
  });

  it("Sign out everywhere deletes every session row and moves the version on", async () => {
    const viewer = await makeViewer();
    const sids = await Promise.all([1, 2].map(() => createSession(viewer.id, { ip: "203.0.113.9", userAgent: "test" })));
    await endAllSessions(viewer);
    expect(await db().userSession.count({ where: { id: { in: sids } } })).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: viewer.id } })).sessionVersion).toBe(1);
  });

  it("a session is refused when its row is gone, expired, or another user's", async () => {
    const alice = await makeViewer("Alice");
    const bob = await makeViewer("Bob");
    const sid = await createSession(alice.id, { ip: null, userAgent: "x\u0000\u202ey" });
    expect(await findLiveSession(sid, alice.id, 0)).toMatchObject({ id: alice.id });
    expect(await findLiveSession(sid, bob.id, 0)).toBeNull();
    expect(await findLiveSession(sid, alice.id, 1)).toBeNull();
    expect((await db().userSession.findUniqueOrThrow({ where: { id: sid } })).userAgent).toBe("xy");
    await db().userSession.update({ where: { id: sid }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findLiveSession(sid, alice.id, 0)).toBeNull();
  });

  it("changing the email needs the current password and ends the other sessions, not this one", async () => {
    const viewer = await makeViewer();
    const [here, elsewhere] = await Promise.all([1, 2].map(() => createSession(viewer.id, { ip: null, userAgent: null })));
    const email = `moved-${viewer.id}@example.test`;
    expect(await updateProfile(viewer, { name: "N", email }, here)).toEqual({ ok: false, reason: "password_required" });
    expect(await updateProfile(viewer, { name: "N", email, currentPassword: "not my password" }, here)).toEqual({ ok: false, reason: "wrong_password" });
    expect(await db().userSession.count({ where: { userId: viewer.id } })).toBe(2);
    expect(await updateProfile(viewer, { name: "N", email, currentPassword: "correct horse battery" }, here)).toMatchObject({ ok: true, emailChanged: true });
    expect(await findLiveSession(here, viewer.id, 0)).not.toBeNull();
    expect(await findLiveSession(elsewhere, viewer.id, 0)).toBeNull();
    // A name change alone needs no password and signs nobody out.
    const renamed = { ...viewer, email };
    expect(await updateProfile(renamed, { name: "Renamed", email }, here)).toMatchObject({ ok: true, emailChanged: false });
    expect(await findLiveSession(here, viewer.id, 0)).not.toBeNull();
  });

  it("updates only the viewer's own profile and refuses another account's email", async () => {
    const alice = await makeViewer("Alice");
    const bob = await makeViewer("Bob");
    expect(await updateProfile(alice, { name: "Alice B", email: bob.email, currentPassword: "correct horse battery" }, "none")).toEqual({ ok: false, reason: "email_taken" });
    expect(await updateProfile(alice, { name: "Alice B", email: alice.email }, "none")).toMatchObject({ ok: true });
    expect((await db().user.findUniqueOrThrow({ where: { id: bob.id } })).name).toBe("Bob");
  });
});
