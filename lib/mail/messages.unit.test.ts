import { describe, expect, it } from "vitest";
import {
  invitationMessage,
  keyExpiringMessage,
  keyLeakedMessage,
  newSignInMessage,
  removedMessage,
  resetPasswordMessage,
  roleChangedMessage,
  signUpAttemptMessage,
  twoFactorChangedMessage,
  verifyEmailMessage,
  type MailContent,
} from "./messages";

const HOSTILE = `<script>alert("x")</script> & 'quotes'`;
const LINK = "https://keys.example.com/verify-email/lkv_SECRETtoken123";
const at = new Date("2026-12-01T10:00:00Z");

const every: Array<[string, MailContent, string | null]> = [
  ["verify", verifyEmailMessage({ name: HOSTILE, link: LINK }), LINK],
  ["reset", resetPasswordMessage({ name: HOSTILE, link: LINK }), LINK],
  ["sign-up attempt", signUpAttemptMessage({ name: HOSTILE, signInUrl: "https://k.example/sign-in", resetUrl: "https://k.example/forgot-password" }), null],
  ["invitation", invitationMessage({ inviterName: HOSTILE, workspaceName: HOSTILE, role: "Admin", link: LINK, expiresAt: at }), LINK],
  ["expiring 7", keyExpiringMessage({ keyName: HOSTILE, prefix: "lk_abc", workspaceName: HOSTILE, expiresAt: at, days: 7, url: "https://k.example/w/a/settings/api-keys/key_1" }), null],
  ["expiring 1", keyExpiringMessage({ keyName: HOSTILE, prefix: "lk_abc", workspaceName: HOSTILE, expiresAt: at, days: 1, url: "https://k.example/w/a/settings/api-keys/key_1" }), null],
  ["leaked", keyLeakedMessage({ keyName: HOSTILE, prefix: "lk_abc", workspaceName: HOSTILE, url: "https://k.example/w/a/settings/api-keys/key_1" }), null],
  ["role", roleChangedMessage({ workspaceName: HOSTILE, role: "Viewer", changedBy: HOSTILE, url: "https://k.example/w/a/settings/api-keys" }), null],
  ["removed", removedMessage({ workspaceName: HOSTILE, removedBy: HOSTILE }), null],
  ["sign-in", newSignInMessage({ device: HOSTILE, address: "203.0.113.9", at, securityUrl: "https://k.example/settings/security" }), null],
  ["2fa on", twoFactorChangedMessage({ enabled: true, method: "An authenticator app", at, securityUrl: "https://k.example/settings/security" }), null],
  ["2fa off", twoFactorChangedMessage({ enabled: false, method: "An authenticator app", at, securityUrl: "https://k.example/settings/security" }), null],
];

describe("mail messages", () => {
  it.each(every)("%s: has both parts, the product name, and no raw markup from user input", (_, mail) => {
    expect(mail.subject).toMatch(/Latchkey$/);
    expect(mail.text).toContain("Latchkey");
    expect(mail.html).toContain("Latchkey");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).not.toMatch(/<\/?(p|a|html)\b/);
  });

  it.each(every.filter(([, m]) => m.html.includes("&lt;script")).map(([n, m]) => [n, m] as const))("%s: escapes names in the HTML part", (_, mail) => {
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;");
  });

  it.each(every)("%s: carries its one link and no other secret", (_, mail, link) => {
    const tokens = `${mail.text} ${mail.html}`.match(/lk[a-z]?_[A-Za-z0-9_-]{8,}/g) ?? [];
    if (link) {
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(`href="${link}"`);
      expect(new Set(tokens)).toEqual(new Set(["lkv_SECRETtoken123"]));
    } else {
      expect(tokens).toEqual([]);
    }
  });

  it("a link with markup characters cannot break out of the href", () => {
    const mail = verifyEmailMessage({ name: "A", link: `https://k.example/x"><script>` });
    expect(mail.html).toContain(`href="https://k.example/x&quot;&gt;&lt;script&gt;"`);
  });
});
