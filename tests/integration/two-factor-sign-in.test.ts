import { afterAll, describe, expect, it } from "vitest";
// First: it gives Next's request scope the AsyncLocalStorage it needs before Next's modules load.
import { AuthClient } from "./session-http";
import { totpCode } from "@/lib/auth/totp";
import { confirmTotpSetup, startTotpSetup } from "@/lib/dal/two-factor";
import { db } from "@/lib/db";
import { getViewer } from "@/lib/session";
import { makeViewer } from "./fixtures";

process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "10";

afterAll(() => db().$disconnect());

const PASSWORD = "correct horse battery";
const STEP = 30_000;
const codeAt = (secret: string, offsetSteps = 0) => totpCode(secret, Date.now() + offsetSteps * STEP);
const wrongFor = (code: string) => String((Number(code) + 500_000) % 1e6).padStart(6, "0");

async function accountWithTwoFactor() {
  const viewer = await makeViewer();
  const started = await startTotpSetup(viewer);
  if (!started.ok) throw new Error("setup refused");
  const confirmed = await confirmTotpSetup(viewer, codeAt(started.secret));
  if (!confirmed.ok) throw new Error("confirm refused");
  return { viewer, secret: started.secret, backupCodes: confirmed.backupCodes };
}

/** The error next-auth answered a credentials callback with (json: true gives the error page's URL). */
async function errorOf(response: Response) {
  const { url } = (await response.json()) as { url: string };
  return new URL(url).searchParams.get("error");
}

/** The password step, as the sign-in form sends it; returns the challenge id it was given. */
async function passwordStep(browser: AuthClient, email: string) {
  const response = await browser.signIn(email, PASSWORD);
  const error = await errorOf(response);
  expect(error).toMatch(/^second_factor:[A-Za-z0-9_-]{43}$/);
  return error!.slice("second_factor:".length);
}

/** The second step: the challenge and a code, through the "second-factor" provider. */
async function codeStep(browser: AuthClient, challenge: string, code: string) {
  const csrfToken = await browser.csrfToken();
  return browser.call("/api/auth/callback/second-factor", { method: "POST", form: { challenge, code, csrfToken, callbackUrl: "/settings/api-keys", json: "true" } });
}

describe("signing in to an account with two-factor on", () => {
  it("a right password alone yields no session: no cookie, nothing from /api/auth/session or getViewer()", async () => {
    const { viewer } = await accountWithTwoFactor();
    const browser = new AuthClient("203.0.113.60");
    const sessionsBefore = await db().userSession.count({ where: { userId: viewer.id } });
    const response = await browser.signIn(viewer.email, PASSWORD);
    expect(response.status).toBe(401);
    expect(browser.sessionCookie).toBeUndefined();
    expect(await browser.session()).toEqual({});
    expect(await browser.run(getViewer)).toBeNull();
    expect(await db().userSession.count({ where: { userId: viewer.id } })).toBe(sessionsBefore);
  });

  it("the password and then an authenticator code sign in; the session records password+totp", async () => {
    const { viewer, secret } = await accountWithTwoFactor();
    const browser = new AuthClient("203.0.113.61");
    const challenge = await passwordStep(browser, viewer.email);
    const response = await codeStep(browser, challenge, codeAt(secret, 1));
    expect(response.status).toBe(200);
    expect(browser.sessionCookie).toBeTruthy();
    expect(await browser.session()).toMatchObject({ uid: viewer.id });
    expect(await browser.run(getViewer)).toMatchObject({ id: viewer.id });
    const rows = await db().userSession.findMany({ where: { userId: viewer.id }, select: { method: true } });
    expect(rows).toEqual([{ method: "password+totp" }]);
    // The challenge is spent: it cannot make a second session, not even with a fresh code.
    const again = new AuthClient("203.0.113.61");
    expect(await errorOf(await codeStep(again, challenge, codeAt(secret, -1)))).toBe("second_factor_expired");
    expect(again.sessionCookie).toBeUndefined();
  });

  it("a code already used is refused on a new sign-in (replay)", async () => {
    const { viewer, secret } = await accountWithTwoFactor();
    const code = codeAt(secret, 1);
    const first = new AuthClient("203.0.113.62");
    await codeStep(first, await passwordStep(first, viewer.email), code);
    expect(first.sessionCookie).toBeTruthy();
    const second = new AuthClient("203.0.113.63");
    const response = await codeStep(second, await passwordStep(second, viewer.email), code);
    expect(await errorOf(response)).toBe("CredentialsSignin");
    expect(second.sessionCookie).toBeUndefined();
  });

  it("a backup code signs in once, recorded as password+backup_code", async () => {
    const { viewer, backupCodes } = await accountWithTwoFactor();
    const first = new AuthClient("203.0.113.64");
    await codeStep(first, await passwordStep(first, viewer.email), backupCodes[3]);
    expect(await first.session()).toMatchObject({ uid: viewer.id });
    expect(await db().userSession.findMany({ where: { userId: viewer.id }, select: { method: true } })).toEqual([{ method: "password+backup_code" }]);
    const second = new AuthClient("203.0.113.64");
    await codeStep(second, await passwordStep(second, viewer.email), backupCodes[3]);
    expect(second.sessionCookie).toBeUndefined();
  });

  it("one challenge answered in parallel with right codes makes exactly one session", async () => {
    const { viewer, secret, backupCodes } = await accountWithTwoFactor();
    const challenge = await passwordStep(new AuthClient("203.0.113.65"), viewer.email);
    const browsers = Array.from({ length: 4 }, () => new AuthClient("203.0.113.65"));
    const codes = [codeAt(secret, 1), backupCodes[0], backupCodes[1], backupCodes[2]];
    await Promise.all(browsers.map((b, i) => codeStep(b, challenge, codes[i])));
    expect(browsers.filter((b) => b.sessionCookie)).toHaveLength(1);
    expect(await db().userSession.count({ where: { userId: viewer.id } })).toBe(1);
  });

  it("an expired challenge is refused, even with a right code", async () => {
    const { viewer, secret } = await accountWithTwoFactor();
    const browser = new AuthClient("203.0.113.66");
    const challenge = await passwordStep(browser, viewer.email);
    await db().authChallenge.update({ where: { id: challenge }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await errorOf(await codeStep(browser, challenge, codeAt(secret, 1)))).toBe("second_factor_expired");
    expect(browser.sessionCookie).toBeUndefined();
  });

  it("five wrong codes end the challenge (in parallel too): a right code after them is refused", async () => {
    const { viewer, secret } = await accountWithTwoFactor();
    const browser = new AuthClient("203.0.113.67");
    const challenge = await passwordStep(browser, viewer.email);
    const wrong = wrongFor(codeAt(secret, 1));
    const answers = await Promise.all(Array.from({ length: 7 }, () => codeStep(new AuthClient("203.0.113.67"), challenge, wrong).then(errorOf)));
    expect(answers.filter((e) => e === "CredentialsSignin")).toHaveLength(5);
    expect(answers.filter((e) => e === "second_factor_expired")).toHaveLength(2);
    expect(await errorOf(await codeStep(browser, challenge, codeAt(secret, 1)))).toBe("second_factor_expired");
    expect(await db().authChallenge.count({ where: { id: challenge } })).toBe(0);
  });

  it("wrong codes across new challenges are throttled per account", async () => {
    const { viewer, secret } = await accountWithTwoFactor();
    const wrong = wrongFor(codeAt(secret, 1));
    for (let round = 0; round < 2; round++) {
      const browser = new AuthClient("203.0.113.68");
      const challenge = await passwordStep(browser, viewer.email);
      await Promise.all(Array.from({ length: 5 }, () => codeStep(new AuthClient("203.0.113.68"), challenge, wrong)));
    }
    const browser = new AuthClient("203.0.113.68");
    const response = await codeStep(browser, await passwordStep(browser, viewer.email), codeAt(secret, 1));
    expect(await errorOf(response)).toMatch(/^throttled:\d+$/);
    expect(browser.sessionCookie).toBeUndefined();
  });

  it("a made-up challenge, or one from a password step of another account, signs nobody in", async () => {
    const a = await accountWithTwoFactor();
    const browser = new AuthClient("203.0.113.69");
    expect(await errorOf(await codeStep(browser, "A".repeat(43), codeAt(a.secret, 1)))).toBe("second_factor_expired");
    // B's challenge with A's code: checked against B's secret, so refused.
    const b = await accountWithTwoFactor();
    const challenge = await passwordStep(browser, b.viewer.email);
    await codeStep(browser, challenge, codeAt(a.secret, 1));
    expect(browser.sessionCookie).toBeUndefined();
  });

  it("an account without two-factor still signs in with the password alone, recorded as password", async () => {
    const viewer = await makeViewer();
    const browser = new AuthClient("203.0.113.70");
    await browser.signIn(viewer.email, PASSWORD);
    expect(await browser.session()).toMatchObject({ uid: viewer.id });
    expect(await db().userSession.findMany({ where: { userId: viewer.id }, select: { method: true } })).toEqual([{ method: "password" }]);
  });
});
