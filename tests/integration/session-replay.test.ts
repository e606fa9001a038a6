import { afterAll, describe, expect, it } from "vitest";
import { AuthClient } from "./session-http";
import { db } from "@/lib/db";
import { getViewer } from "@/lib/session";
import { makeViewer } from "./fixtures";

afterAll(() => db().$disconnect());

const PASSWORD = "correct horse battery";

/** A browser signed in through next-auth's real HTTP flow (csrf token, credentials callback). */
async function signedIn(email: string, ip = "203.0.113.50") {
  const browser = new AuthClient(ip);
  const response = await browser.signIn(email, PASSWORD);
  expect(response.status).toBe(200);
  expect(browser.sessionCookie).toBeTruthy();
  return browser;
}

/** Another browser holding a copy of `browser`'s session cookie (stolen, or kept from before). */
function copyOf(browser: AuthClient) {
  const copy = new AuthClient("198.51.100.99");
  copy.cookies.set("next-auth.session-token", browser.sessionCookie!);
  return copy;
}

describe("signing out ends the session everywhere it could be replayed", () => {
  it("a copied session cookie opens nothing after Sign out: /api/auth/session and getViewer()", async () => {
    const viewer = await makeViewer();
    const browser = await signedIn(viewer.email);
    const copy = copyOf(browser);
    expect(await copy.session()).toMatchObject({ uid: viewer.id });
    expect(await copy.run(getViewer)).toMatchObject({ id: viewer.id });

    const out = await browser.signOut();
    expect(out.status).toBe(200);
    expect(browser.sessionCookie).toBeUndefined();

    expect.soft(await copy.session()).toEqual({});
    expect.soft(await copy.run(getViewer)).toBeNull();
  });

  it("signing out one browser leaves the account's other sessions alone", async () => {
    const viewer = await makeViewer();
    const laptop = await signedIn(viewer.email);
    const phone = await signedIn(viewer.email, "203.0.113.51");
    await laptop.signOut();
    expect(await phone.session()).toMatchObject({ uid: viewer.id });
    expect(await phone.run(getViewer)).toMatchObject({ id: viewer.id });
  });

  it("/api/auth/session refuses a token from before a session-version bump (Sign out everywhere)", async () => {
    const viewer = await makeViewer();
    const browser = await signedIn(viewer.email);
    expect(await browser.session()).toMatchObject({ uid: viewer.id });
    // Only the version changes here, so this checks the version test in the callbacks by itself.
    await db().user.update({ where: { id: viewer.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await browser.session()).toEqual({});
    expect(await browser.run(getViewer)).toBeNull();
  });

  it("Sign out everywhere ends every browser's session, replayed cookies included", async () => {
    const { signOutEverywhereAction } = await import("@/app/(dashboard)/w/[workspace]/settings/profile/actions");
    const viewer = await makeViewer();
    const laptop = await signedIn(viewer.email);
    const phone = await signedIn(viewer.email, "203.0.113.51");
    const copy = copyOf(phone);
    expect(await laptop.run(signOutEverywhereAction)).toEqual({ ok: true });
    for (const browser of [laptop, phone, copy]) {
      expect(await browser.session()).toEqual({});
      expect(await browser.run(getViewer)).toBeNull();
    }
  });
});
