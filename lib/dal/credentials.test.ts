import { afterAll, describe, expect, it } from "vitest";
import { makeViewer } from "@/tests/integration/fixtures";
import { keyRing } from "@/lib/crypto/key-ring";
import { newKeyMaterial, parseKeyRing } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import { createCredential, deleteCredential, listCredentials, openCredential, rotateCredentials, updateCredential } from "./credentials";

afterAll(() => db().$disconnect());

const everything = async () => JSON.stringify(await db().credential.findMany());

describe("stored credentials", () => {
  it("keeps every secret, the Basic username included, out of rows and DTOs", async () => {
    const viewer = await makeViewer();
    const created = await Promise.all([
      createCredential(viewer, { hosts: ["127.0.0.1"], name: "bearer", type: "bearer", token: "tok-SECRET-bearer-7a1" }),
      createCredential(viewer, { hosts: ["127.0.0.1"], name: "basic", type: "basic", username: "USERNAME-in-clear", password: "pw-SECRET-basic-9b2" }),
      createCredential(viewer, { hosts: ["127.0.0.1"], name: "header", type: "header", fieldName: "X-API-Key", value: "val-SECRET-header-3c4" }),
      createCredential(viewer, { hosts: ["127.0.0.1"], name: "query", type: "query", fieldName: "api_key", value: "val-SECRET-query-5d6" }),
    ]);
    expect(created.every((c) => c.ok)).toBe(true);
    const list = await listCredentials(viewer);
    expect(list.map((c) => [c.name, c.hint, c.hasCredentials])).toEqual([
      ["basic", null, true],
      ["bearer", "-7a1", true],
      ["header", "-3c4", true],
      ["query", "-5d6", true],
    ]);
    const visible = JSON.stringify(list) + (await everything());
    for (const secret of ["tok-SECRET", "USERNAME-in-clear", "pw-SECRET", "val-SECRET"]) expect(visible).not.toContain(secret);
    const basic = list.find((c) => c.name === "basic")!;
    expect(await openCredential(viewer.workspace.id, basic.id)).toMatchObject({ type: "basic", username: "USERNAME-in-clear", password: "pw-SECRET-basic-9b2" });
  });

  it("on edit, an empty secret keeps the stored one and a typed one replaces it", async () => {
    const viewer = await makeViewer();
    const created = await createCredential(viewer, { hosts: ["127.0.0.1"], name: "api", type: "basic", username: "alice", password: "first-password" });
    if (!created.ok) throw new Error(created.reason);
    const id = created.credential.id;
    expect((await updateCredential(viewer, id, { name: "api renamed", type: "basic", username: "", password: "" })).ok).toBe(true);
    expect(await openCredential(viewer.workspace.id, id)).toMatchObject({ username: "alice", password: "first-password" });
    expect((await updateCredential(viewer, id, { name: "api renamed", type: "basic", password: "second-password" })).ok).toBe(true);
    expect(await openCredential(viewer.workspace.id, id)).toMatchObject({ username: "alice", password: "second-password" });
    expect((await listCredentials(viewer))[0]).toMatchObject({ name: "api renamed", hint: null });
    // Changing the type needs the new type's secret: nothing is carried over across types.
    expect(await updateCredential(viewer, id, { name: "api renamed", type: "bearer" })).toEqual({ ok: false, reason: "missing", field: "token" });
  });

  it("a hint stored under the old rule never leaves the DAL: a Basic password's tail, a whole short secret", async () => {
    const viewer = await makeViewer();
    const [basic, short] = await Promise.all([
      createCredential(viewer, { hosts: ["127.0.0.1"], name: "old basic", type: "basic", username: "u", password: "old-rule-pass" }),
      createCredential(viewer, { hosts: ["127.0.0.1"], name: "old short", type: "bearer", token: "abc" }),
    ]);
    if (!basic.ok || !short.ok) throw new Error("not created");
    // As the old rule stored them: the password's last 4 characters, and all of a 3-character token.
    await Promise.all([
      db().credential.update({ where: { id: basic.credential.id }, data: { hint: "pass" } }),
      db().credential.update({ where: { id: short.credential.id }, data: { hint: "abc" } }),
    ]);
    expect((await listCredentials(viewer)).map((c) => [c.name, c.hint])).toEqual([["old basic", null], ["old short", null]]);
  });

  it("another user can neither edit, delete nor open it", async () => {
    const alice = await makeViewer();
    const bob = await makeViewer();
    const created = await createCredential(alice, { hosts: ["127.0.0.1"], name: "mine", type: "bearer", token: "alice-token" });
    if (!created.ok) throw new Error(created.reason);
    expect(await updateCredential(bob, created.credential.id, { name: "x", type: "bearer", token: "bob" })).toEqual({ ok: false, reason: "not_found" });
    expect(await deleteCredential(bob, created.credential.id, { acknowledged: [] })).toEqual({ ok: false, reason: "not_found" });
    expect(await openCredential(bob.workspace.id, created.credential.id)).toBeNull();
    expect(await listCredentials(bob)).toEqual([]);
    expect(await openCredential(alice.workspace.id, created.credential.id)).toMatchObject({ token: "alice-token" });
  });

  it("detects a tampered row instead of decrypting garbage", async () => {
    const viewer = await makeViewer();
    const created = await createCredential(viewer, { hosts: ["127.0.0.1"], name: "t", type: "bearer", token: "tamper-me" });
    if (!created.ok) throw new Error(created.reason);
    const row = await db().credential.findUniqueOrThrow({ where: { id: created.credential.id }, omit: { sealed: false } });
    const raw = Buffer.from(row.sealed, "base64url");
    raw[raw.length - 1] ^= 1;
    await db().credential.update({ where: { id: row.id }, data: { sealed: raw.toString("base64url") } });
    await expect(openCredential(viewer.workspace.id, row.id)).rejects.toThrow(/failed authentication/);
  });

  it("a sealed value is bound to its row and owner: copied into another row, even the same user's, it does not open", async () => {
    const alice = await makeViewer();
    const mallory = await makeViewer();
    const source = await createCredential(alice, { hosts: ["127.0.0.1"], name: "source", type: "bearer", token: "bound-to-alice-row" });
    const sameOwner = await createCredential(alice, { hosts: ["127.0.0.1"], name: "other row", type: "bearer", token: "alice-second" });
    const otherOwner = await createCredential(mallory, { hosts: ["127.0.0.1"], name: "mallory row", type: "bearer", token: "mallory-own" });
    if (!source.ok || !sameOwner.ok || !otherOwner.ok) throw new Error("create failed");
    const { keyId, sealed } = await db().credential.findUniqueOrThrow({ where: { id: source.credential.id }, omit: { sealed: false } });
    for (const [owner, target] of [[alice, sameOwner], [mallory, otherOwner]] as const) {
      await db().credential.update({ where: { id: target.credential.id }, data: { keyId, sealed } });
      await expect(openCredential(owner.workspace.id, target.credential.id)).rejects.toThrow(/failed authentication/);
      await deleteCredential(owner, target.credential.id, { acknowledged: [] }); // leave no unopenable row for the rotation test
    }
    expect(await openCredential(alice.workspace.id, source.credential.id)).toMatchObject({ token: "bound-to-alice-row" });
    // The same row moved to another owner does not open either.
    await db().credential.update({ where: { id: source.credential.id }, data: { userId: mallory.id, workspaceId: mallory.workspace.id } });
    await expect(openCredential(mallory.workspace.id, source.credential.id)).rejects.toThrow(/failed authentication/);
    await db().credential.delete({ where: { id: source.credential.id } });
  });

  it("holds the per-user limit under 15 parallel creates, and refuses duplicate names", async () => {
    const viewer = await makeViewer();
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => createCredential(viewer, { hosts: ["127.0.0.1"], name: `c${i}`, type: "bearer", token: `t${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.reason === "limit_reached")).toHaveLength(5);
    const other = await makeViewer();
    await createCredential(other, { hosts: ["127.0.0.1"], name: "same", type: "bearer", token: "a" });
    expect(await createCredential(other, { hosts: ["127.0.0.1"], name: "same", type: "bearer", token: "b" })).toEqual({ ok: false, reason: "name_taken" });
  });

  it("rotation re-seals every row with the new key; old rows still open until it finishes", async () => {
    const viewer = await makeViewer();
    for (let i = 0; i < 3; i++) await createCredential(viewer, { hosts: ["127.0.0.1"], name: `r${i}`, type: "bearer", token: `rotate-${i}` });
    const current = keyRing();
    const next = parseKeyRing(`${[...current.keys].map(([id, k]) => `${id}:${k.toString("base64")}`).join(",")},r2:${newKeyMaterial()}`, "r2");
    const ids = (await listCredentials(viewer)).map((c) => c.id);
    // Before rotation, with the new ring: old rows open with their own key.
    for (const [i, id] of ids.entries()) expect(await openCredential(viewer.workspace.id, id, next)).toMatchObject({ token: `rotate-${i}` });
    const result = await rotateCredentials(next, 2);
    expect(result.rotated).toBeGreaterThanOrEqual(3);
    // Rows that fail authentication (the tampered one above) are reported, not rewritten.
    expect(await db().credential.count({ where: { keyId: { not: "r2" }, id: { notIn: result.failed } } })).toBe(0);
    for (const [i, id] of ids.entries()) expect(await openCredential(viewer.workspace.id, id, next)).toMatchObject({ token: `rotate-${i}` });
    // The old ring alone can no longer open them: the old key can be retired.
    await expect(openCredential(viewer.workspace.id, ids[0], current)).rejects.toThrow(/no encryption key "r2"/);
  });
});
