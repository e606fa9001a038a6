import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueAccountToken, verifyEmailWithToken } from "@/lib/dal/account-tokens";
import { acceptInvitation, createInvitation } from "@/lib/dal/invitations";
import { createKey } from "@/lib/dal/key-changes";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import type { Viewer } from "@/lib/viewer";
import { makeViewer } from "./fixtures";

beforeAll(() => {
  // Before anything reads the environment (lib/env.ts parses it once, on first use).
  process.env.REQUIRE_EMAIL_VERIFICATION = "true";
});
afterAll(() => db().$disconnect());

const keyInput = () => {
  const parsed = parseCreateKey({ name: "Needs a verified address", description: "", expiry: "30", permission: "read_write" });
  if (!parsed.ok) throw new Error("bad input");
  return parsed.data;
};

async function verify(viewer: Viewer) {
  const token = await issueAccountToken(viewer.id, viewer.email, "verify_email");
  expect(await verifyEmailWithToken(token)).toEqual({ ok: true });
}

describe("REQUIRE_EMAIL_VERIFICATION=true", () => {
  it("an unverified person cannot create a key, and nothing is written; once verified they can", async () => {
    const viewer = await makeViewer("Unverified Creator");
    expect(await createKey(viewer, keyInput())).toEqual({ ok: false, reason: "unverified" });
    expect(await db().apiKey.count({ where: { workspaceId: viewer.workspace.id } })).toBe(0);
    await verify(viewer);
    expect((await createKey(viewer, keyInput())).ok).toBe(true);
  });

  it("an unverified person cannot accept an invitation; once verified the same link works", async () => {
    const owner = await makeViewer("Inviting Owner");
    await verify(owner);
    const invitee = await makeViewer("Invited Person");
    const invited = await createInvitation(owner, { email: invitee.email, role: "member" });
    if (!invited.ok) throw new Error(invited.reason);
    expect(await acceptInvitation(invitee, invited.token)).toEqual({ ok: false, reason: "unverified" });
    expect(await db().membership.count({ where: { workspaceId: owner.workspace.id, userId: invitee.id } })).toBe(0);
    await verify(invitee);
    expect(await acceptInvitation(invitee, invited.token)).toEqual({ ok: true, slug: owner.workspace.slug });
  });

  it("an email change makes a verified person unverified again: no keys until the new address is verified", async () => {
    const viewer = await makeViewer("Mover");
    await verify(viewer);
    await db().user.update({ where: { id: viewer.id }, data: { email: `moved-${viewer.id}@example.test`, emailVerifiedAt: null } });
    expect(await createKey(viewer, keyInput())).toEqual({ ok: false, reason: "unverified" });
  });
});
