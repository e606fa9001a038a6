import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "@/lib/auth/totp";
import { createInvitation } from "@/lib/dal/invitations";
import { reportLeakedKeys } from "@/lib/dal/leaks";
import { changeRole, removeMember } from "@/lib/dal/members";
import { confirmTotpSetup, disableTwoFactor, startTotpSetup } from "@/lib/dal/two-factor";
import { queueExpiryNotices } from "@/lib/dal/webhook-expiry";
import { db } from "@/lib/db";
import { startMailSink } from "../../e2e/mail-sink";
import { makeKey, makeViewer } from "./fixtures";
import { joinAs, testEmail } from "./team-fixtures";

let sink: Awaited<ReturnType<typeof startMailSink>>;

beforeAll(async () => {
  sink = await startMailSink();
  // Before anything reads the environment (lib/env.ts parses it once, on first use). Verification
  // stays off: these tests are about the mail the existing flows send.
  process.env.SMTP_URL = sink.url;
  process.env.REQUIRE_EMAIL_VERIFICATION = "false";
  process.env.NEXTAUTH_URL = "http://keys.example.test";
});
afterAll(async () => {
  await sink.close();
  await db().$disconnect();
});

describe("mail from existing flows", () => {
  it("an invitation mails its link (the same link the inviter is shown once), who invited, the role and the expiry", async () => {
    const owner = await makeViewer("Ivy Inviter");
    const email = testEmail("invitee");
    const created = await createInvitation(owner, { email, role: "admin" });
    if (!created.ok) throw new Error(created.reason);
    const mail = await sink.waitFor(email, /invited you/);
    expect(mail.subject).toContain("Ivy Inviter invited you to");
    expect(mail.text).toContain(`http://keys.example.test/invite/${created.token}`);
    expect(mail.text).toContain("as Admin");
    expect(mail.text).toContain(created.invitation.expiresAt.toUTCString().slice(0, 16));
  });

  it("a role change and a removal are mailed to the member", async () => {
    const owner = await makeViewer("Olga Owner");
    const member = await joinAs(owner, "member", "Max Member");
    expect((await changeRole(owner, member.id, "viewer")).ok).toBe(true);
    const changed = await sink.waitFor(member.email, /Your role in/);
    expect(changed.text).toContain("Olga Owner made you Viewer");
    expect((await removeMember(owner, member.id, { private: "delete" })).ok).toBe(true);
    const removed = await sink.waitFor(member.email, /You were removed/);
    expect(removed.text).toContain("Olga Owner removed you");
  });

  it("a leak report mails the key's creator (and the workspace's Admins and Owners), without the key", async () => {
    const owner = await makeViewer("Lena Leaky");
    const admin = await joinAs(owner, "admin", "Adam Admin");
    const { key, secret } = await makeKey(owner, { name: "Leaked one" });
    await reportLeakedKeys([secret], "198.51.100.9");
    for (const to of [owner.email, admin.email]) {
      const mail = await sink.waitFor(to, /reported leaked/);
      expect(mail.text).toContain("Leaked one");
      expect(mail.text).toContain(`/settings/api-keys/${key.sid}`);
      expect(`${mail.text}${mail.html}`).not.toContain(secret);
    }
  });

  it("a key expiring within 7 days is mailed once, however often the job runs", async () => {
    const owner = await makeViewer("Exa Expiry");
    const { key } = await makeKey(owner, { name: "Short lived", expiry: "30" });
    // 25 days later, the key is within its last 7 days.
    const later = new Date(Date.now() + 25 * 86_400_000);
    await Promise.all([queueExpiryNotices(later), queueExpiryNotices(later)]);
    await queueExpiryNotices(later);
    const mail = await sink.waitFor(owner.email, /expires in 7 days/);
    expect(mail.text).toContain("Short lived");
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages.filter((m) => m.to.includes(owner.email) && m.text.includes(key.sid))).toHaveLength(1);
  });

  it("turning two-factor on and off is mailed to the account's address", async () => {
    const viewer = await makeViewer("Tia Totp");
    const started = await startTotpSetup(viewer);
    if (!started.ok) throw new Error(started.reason);
    const code = totpCode(started.secret, Date.now());
    expect((await confirmTotpSetup(viewer, code)).ok).toBe(true);
    const on = await sink.waitFor(viewer.email, /Two-factor sign-in was turned on/);
    expect(on.text).toContain("An authenticator app for two-factor sign-in was turned on");
    expect(on.text).toContain("http://keys.example.test/settings/security");
    expect(on.text).not.toContain(started.secret);
    expect((await disableTwoFactor(viewer, { password: "correct horse battery" })).ok).toBe(true);
    await sink.waitFor(viewer.email, /Two-factor sign-in was turned off/);
  });
});
