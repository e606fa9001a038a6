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
import { AuthClient } from "./session-http";
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

/**
 * A key of its own expiry day, years out: the expiry job looks at every key of the (shared)
 * test database, so each expiry test moves the clock to a day no other test's key expires on.
 */
let farDays = 500;
async function keyExpiringFar(owner: Awaited<ReturnType<typeof makeViewer>>, name: string) {
  farDays += 37;
  const made = await makeKey(owner, { name, expiry: "custom", expiresOn: new Date(Date.now() + farDays * 86_400_000).toISOString().slice(0, 10) });
  const expiresAt = made.key.expiresAt!.getTime();
  return { ...made, before: (days: number) => new Date(expiresAt - days * 86_400_000) };
}

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
    const { key, before } = await keyExpiringFar(owner, "Short lived");
    // Five days before it expires, the key is within its last 7 days.
    const later = before(5);
    await Promise.all([queueExpiryNotices(later), queueExpiryNotices(later)]);
    await queueExpiryNotices(later);
    const mail = await sink.waitFor(owner.email, /expires in 7 days/);
    expect(mail.text).toContain("Short lived");
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages.filter((m) => m.to.includes(owner.email) && m.text.includes(key.sid))).toHaveLength(1);
  });

  it("a key then gets a final mail within its last day, once, to its creator and the workspace's Admins", async () => {
    const owner = await makeViewer("Fin Final");
    const admin = await joinAs(owner, "admin", "Ada Admin");
    const { key, before } = await keyExpiringFar(owner, "Last day");
    await queueExpiryNotices(before(5));
    await sink.waitFor(owner.email, /expires in 7 days/);
    // Half a day before it expires, with two instances scanning at once, then again.
    const last = before(0.5);
    await Promise.all([queueExpiryNotices(last), queueExpiryNotices(last)]);
    await queueExpiryNotices(last);
    for (const to of [owner.email, admin.email]) {
      const mail = await sink.waitFor(to, /expires in 1 day/);
      expect(mail.text).toContain("Last day");
      expect(mail.text).toContain(`/settings/api-keys/${key.sid}`);
    }
    await new Promise((r) => setTimeout(r, 500));
    const finals = sink.messages.filter((m) => m.to.includes(owner.email) && m.text.includes(key.sid) && /expires in 1 day/.test(m.subject));
    expect(finals).toHaveLength(1);
  });

  it("a key first seen with a day or less left (the job was not running) gets only the 1-day mail", async () => {
    const owner = await makeViewer("Late Lou");
    const { key, before } = await keyExpiringFar(owner, "Found late");
    await queueExpiryNotices(before(0.5));
    await sink.waitFor(owner.email, /expires in 1 day/);
    await new Promise((r) => setTimeout(r, 500));
    const about = sink.messages.filter((m) => m.to.includes(owner.email) && m.text.includes(key.sid));
    expect(about.map((m) => m.subject.match(/expires in \d+ days?/)?.[0])).toEqual(["expires in 1 day"]);
  });

  it("a sign-in from a new browser is mailed with its device and address; known browsers, and the very first sign-in, are not", async () => {
    const person = await makeViewer("Nia Newdevice");
    const newSignIns = () => sink.messages.filter((m) => m.to.includes(person.email.toLowerCase()) && m.subject.startsWith("New sign-in to your account"));
    const browser = (ip: string, device?: string) => {
      const client = new AuthClient(ip);
      // What proxy.ts gives every browser on its first page (lib/http/device.ts).
      if (device) client.cookies.set("latchkey-device", device.padEnd(43, "x"));
      return client;
    };
    const laptop = browser("198.51.100.61", "laptop");
    expect((await laptop.signIn(person.email, "correct horse battery")).status).toBe(200);
    await laptop.signOut();
    expect((await laptop.signIn(person.email, "correct horse battery")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(newSignIns()).toHaveLength(0);

    // Another browser: mailed once, with where it came from; no cookie (a script) counts as new.
    const phone = browser("198.51.100.62", "phone");
    expect((await phone.signIn(person.email, "correct horse battery")).status).toBe(200);
    const mail = await sink.waitFor(person.email, /^New sign-in to your account/);
    expect(mail.text).toContain("Address: 198.51.100.62");
    expect(mail.text).toContain("http://keys.example.test/settings/security");
    expect(mail.text).not.toContain("phone");
    expect((await browser("198.51.100.63").signIn(person.email, "correct horse battery")).status).toBe(200);
    // Two sign-ins from one new browser at once: one mail.
    const tablet = ["198.51.100.64", "198.51.100.65"].map((ip) => browser(ip, "tablet"));
    await Promise.all(tablet.map((client) => client.signIn(person.email, "correct horse battery")));
    await new Promise((r) => setTimeout(r, 500));
    expect(newSignIns().map((m) => m.text.match(/Address: (\S+)/)?.[1]).sort()).toEqual(["198.51.100.62", "198.51.100.63", expect.stringMatching(/^198\.51\.100\.6[45]$/)]);
    // Only hashes of the device ids are stored.
    const stored = await db().knownDevice.findMany({ where: { userId: person.id }, select: { deviceHash: true } });
    expect(stored).toHaveLength(3);
    expect(JSON.stringify(stored)).not.toMatch(/laptop|phone|tablet/);
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
