import { afterAll, describe, expect, it } from "vitest";
// First: it gives Next's request scope the AsyncLocalStorage it needs before Next's modules load.
import { AuthClient } from "./session-http";
import { totpCode } from "@/lib/auth/totp";
import { hasAuthenticatorApp } from "@/lib/dal/two-factor";
import { db } from "@/lib/db";
import { makeViewer } from "./fixtures";

afterAll(() => db().$disconnect());

const PAGE = "/settings/security";
const actions = () => import("@/app/(dashboard)/w/[workspace]/settings/security/actions");
const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.set(k, v);
  return data;
};

async function signedIn(email: string) {
  const browser = new AuthClient("203.0.113.90");
  await browser.signIn(email, "correct horse battery");
  expect(browser.sessionCookie).toBeTruthy();
  return browser;
}

describe("the Security page's two-factor actions", () => {
  it("set up answers the key, its otpauth URI and a QR image; a code turns it on and answers ten backup codes", async () => {
    const { startTotpSetupAction, confirmTotpSetupAction } = await actions();
    const viewer = await makeViewer();
    const browser = await signedIn(viewer.email);
    const started = await browser.run(startTotpSetupAction, PAGE);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(started.uri).toContain(`secret=${started.secret}`);
    expect(started.uri).toContain("issuer=Latchkey");
    expect(started.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await browser.run(() => confirmTotpSetupAction(null, form({ code: "12345" })), PAGE)).toMatchObject({ ok: false, fieldErrors: { code: expect.any(String) } });
    const confirmed = await browser.run(() => confirmTotpSetupAction(null, form({ code: totpCode(started.secret, Date.now()) })), PAGE);
    expect(confirmed).toMatchObject({ ok: true, backupCodes: expect.any(Array) });
    expect(await hasAuthenticatorApp(viewer.id)).toBe(true);
  });

  it("turning off needs the right password (or a code); a wrong one changes nothing", async () => {
    const { startTotpSetupAction, confirmTotpSetupAction, disableTwoFactorAction } = await actions();
    const viewer = await makeViewer();
    const browser = await signedIn(viewer.email);
    const started = await browser.run(startTotpSetupAction, PAGE);
    if (!started.ok) throw new Error("setup refused");
    await browser.run(() => confirmTotpSetupAction(null, form({ code: totpCode(started.secret, Date.now()) })), PAGE);
    const wrong = await browser.run(() => disableTwoFactorAction(null, form({ method: "password", password: "not it" })), PAGE);
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { password: "The password is not correct." } });
    expect(await hasAuthenticatorApp(viewer.id)).toBe(true);
    expect(await browser.run(() => disableTwoFactorAction(null, form({ method: "sideways" })), PAGE)).toMatchObject({ ok: false });
    expect(await browser.run(() => disableTwoFactorAction(null, form({ method: "password", password: "correct horse battery" })), PAGE)).toMatchObject({ ok: true });
    expect(await hasAuthenticatorApp(viewer.id)).toBe(false);
  });

  it("a signed-out caller is sent to sign in and starts nothing", async () => {
    const { startTotpSetupAction } = await actions();
    const stranger = new AuthClient("198.51.100.8");
    await expect(stranger.run(startTotpSetupAction, PAGE)).rejects.toThrow(/NEXT_REDIRECT/);
  });
});
