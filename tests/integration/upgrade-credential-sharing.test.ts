import { describe, expect, it } from "vitest";
import { insert, upgradedFrom } from "./upgrade-scratch";

/**
 * The migration that gives credentials their sharing and allowed hosts, on a database the
 * previous release left: nothing in use may stop. A credential gets the hosts of the webhooks
 * that use it, and is shared with the owners of those webhooks who are not its creator.
 */
const MIGRATION = "20261203010000_credential_sharing";

const upgraded = upgradedFrom(MIGRATION, async (sql, now) => {
  for (const [id, name] of [["u_alice", "Alice"], ["u_bob", "Bob"]]) {
    await insert(sql, "User", { id, name, email: `${id}@example.test`, passwordHash: "x", sessionVersion: 0, createdAt: now, updatedAt: now });
  }
  await insert(sql, "Workspace", { id: "w_team", slug: "team", name: "Team", lock: 0, requireTwoFactor: sql.bool(false), createdAt: now, updatedAt: now });
  for (const [id, userId, role] of [["m_a", "u_alice", "owner"], ["m_b", "u_bob", "member"]]) await insert(sql, "Membership", { id, workspaceId: "w_team", userId, role, createdAt: now });
  const credential = (id: string, userId: string) => insert(sql, "Credential", { id, workspaceId: "w_team", userId, name: id, type: "bearer", fieldName: null, keyId: "k", sealed: "s", hint: "", createdAt: now, updatedAt: now });
  await credential("c_used", "u_alice");
  await credential("c_unused", "u_alice");
  await credential("c_admin_attached", "u_alice");
  const webhook = (id: string, userId: string, url: string, credentialId: string | null) =>
    insert(sql, "Webhook", { id, workspaceId: "w_team", userId, name: id, url, events: "key.created", credentialId, enabled: sql.bool(true), secretKeyId: "k", secretSealed: "s", secretHint: "abcd", createdAt: now, updatedAt: now });
  await webhook("h1", "u_alice", "https://API.example.com:8443/hooks?x=1", "c_used");
  await webhook("h2", "u_alice", "https://api.example.com/other", "c_used");
  await webhook("h3", "u_alice", "http://[2001:db8::1]:9000/", "c_used");
  await webhook("h4", "u_bob", "https://hooks.bob.example/in", "c_admin_attached");
  await webhook("h5", "u_bob", "https://gone.example/", "c_deleted_long_ago");
});

const credentialRow = async (id: string) => (await upgraded().all(`SELECT "hosts", "sharing" FROM "Credential" WHERE "id" = ?`, [id]))[0];

describe(`the migration ${MIGRATION}`, () => {
  it("gives each credential the hosts of the webhooks that use it, lower-cased, without ports, once each", async () => {
    const row = await credentialRow("c_used");
    expect(String(row.hosts).split("\n").sort()).toEqual(["[2001:db8::1]", "api.example.com"]);
    expect(row.sharing).toBe("private");
  });

  it("leaves an unused credential personal and without hosts", async () => {
    expect(await credentialRow("c_unused")).toEqual({ hosts: "", sharing: "private" });
  });

  it("shares a credential with the owner of a webhook using it who is not its creator, so that webhook keeps authenticating", async () => {
    expect(await credentialRow("c_admin_attached")).toEqual({ hosts: "hooks.bob.example", sharing: "members" });
    expect(await upgraded().all(`SELECT "credentialId", "userId" FROM "CredentialShare"`)).toEqual([{ credentialId: "c_admin_attached", userId: "u_bob" }]);
  });
});
