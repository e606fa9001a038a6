import { describe, expect, it } from "vitest";
import { insert, upgradedFrom } from "./upgrade-scratch";

/**
 * The migration that deletes credential shares left behind by people who left the workspace
 * before leaving deleted them (lib/dal/members.ts), on a database the previous release left:
 * a share of someone still in the workspace stays; one of someone who left goes, even when they
 * are still a member elsewhere.
 */
const MIGRATION = "20261204020000_departed_shares";

const upgraded = upgradedFrom(MIGRATION, async (sql, now) => {
  for (const [id, name] of [["u_alice", "Alice"], ["u_bob", "Bob"], ["u_left", "Lee"]]) {
    await insert(sql, "User", { id, name, email: `${id}@example.test`, passwordHash: "x", sessionVersion: 0, createdAt: now, updatedAt: now });
  }
  for (const [id, slug] of [["w_team", "team"], ["w_other", "other"]]) {
    await insert(sql, "Workspace", { id, slug, name: slug, lock: 0, requireTwoFactor: sql.bool(false), planId: "default", createdAt: now, updatedAt: now });
  }
  // Lee left the team but is still in another workspace.
  for (const [id, workspaceId, userId, role] of [["m_a", "w_team", "u_alice", "owner"], ["m_b", "w_team", "u_bob", "member"], ["m_l", "w_other", "u_left", "owner"]]) {
    await insert(sql, "Membership", { id, workspaceId, userId, role, createdAt: now });
  }
  await insert(sql, "Credential", { id: "c_shared", workspaceId: "w_team", userId: "u_alice", name: "shared", type: "bearer", fieldName: null, keyId: "k", sealed: "s", hint: "", sharing: "members", hosts: "api.example.com", createdAt: now, updatedAt: now });
  for (const userId of ["u_bob", "u_left"]) await insert(sql, "CredentialShare", { credentialId: "c_shared", userId, createdAt: now });
});

describe(`the migration ${MIGRATION}`, () => {
  it("keeps the share of a current member and deletes the one of a person who left the workspace", async () => {
    expect(await upgraded().all(`SELECT "credentialId", "userId" FROM "CredentialShare" ORDER BY "userId"`)).toEqual([{ credentialId: "c_shared", userId: "u_bob" }]);
  });
});
