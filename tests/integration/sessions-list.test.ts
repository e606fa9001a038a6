import { afterAll, describe, expect, it } from "vitest";
// First: it gives Next's request scope the AsyncLocalStorage it needs before Next's modules load.
import { AuthClient } from "./session-http";
import { db } from "@/lib/db";
import { listSessions } from "@/lib/dal/sessions";
import { getSession, getViewer } from "@/lib/session";
import { makeViewer } from "./fixtures";

afterAll(() => db().$disconnect());

const PASSWORD = "correct horse battery";
const actions = () => import("@/app/(dashboard)/w/[workspace]/settings/security/actions");

async function signedIn(email: string, ip: string) {
  const browser = new AuthClient(ip);
  await browser.signIn(email, PASSWORD);
  expect(browser.sessionCookie).toBeTruthy();
  return browser;
}

/** The session list as the Security page of `browser` reads it. */
async function listFor(browser: AuthClient) {
  return browser.run(async () => {
    const session = await getSession();
    if (!session) throw new Error("signed out");
    return listSessions(session.viewer, session.sessionId);
  });
}

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.set(k, v);
  return data;
};

describe("the session list", () => {
  it("lists the account's sessions with this one marked, and never a session's id", async () => {
    const viewer = await makeViewer();
    const laptop = await signedIn(viewer.email, "203.0.113.80");
    await signedIn(viewer.email, "203.0.113.81");
    const list = await listFor(laptop);
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.map((s) => s.ip).sort()).toEqual(["203.0.113.80", "203.0.113.81"]);
    expect(list[0]).toMatchObject({ userAgent: "vitest", method: "password" });
    const ids = (await db().userSession.findMany({ where: { userId: viewer.id }, select: { id: true } })).map((r) => r.id);
    const shown = JSON.stringify(list);
    for (const id of ids) expect(shown).not.toContain(id);
  });

  it("ending another session: that browser's very next request has no session", async () => {
    const { endSessionAction } = await actions();
    const viewer = await makeViewer();
    const laptop = await signedIn(viewer.email, "203.0.113.82");
    const phone = await signedIn(viewer.email, "203.0.113.83");
    expect(await phone.run(getViewer)).toMatchObject({ id: viewer.id });
    const other = (await listFor(laptop)).find((s) => !s.current)!;
    expect(await laptop.run(() => endSessionAction(form({ handle: other.handle })), "/settings/security")).toMatchObject({ ok: true });
    expect(await phone.session()).toEqual({});
    expect(await phone.run(getViewer)).toBeNull();
    expect(await laptop.run(getViewer)).toMatchObject({ id: viewer.id });
  });

  it("another account's session cannot be ended by its handle, nor one's own current session", async () => {
    const { endSessionAction } = await actions();
    const alice = await makeViewer();
    const bob = await makeViewer();
    const alicesBrowser = await signedIn(alice.email, "203.0.113.84");
    const bobsBrowser = await signedIn(bob.email, "203.0.113.85");
    const bobsHandle = (await listFor(bobsBrowser))[0].handle;
    expect(await alicesBrowser.run(() => endSessionAction(form({ handle: bobsHandle })), "/settings/security")).toMatchObject({ ok: false });
    expect(await bobsBrowser.run(getViewer)).toMatchObject({ id: bob.id });
    const ownHandle = (await listFor(alicesBrowser))[0].handle;
    expect(await alicesBrowser.run(() => endSessionAction(form({ handle: ownHandle })), "/settings/security")).toMatchObject({ ok: false });
    expect(await alicesBrowser.run(getViewer)).toMatchObject({ id: alice.id });
    // Malformed input is refused the same way, changing nothing.
    expect(await alicesBrowser.run(() => endSessionAction(form({ handle: "'; drop table" })), "/settings/security")).toMatchObject({ ok: false });
  });

  it("Sign out all other sessions keeps this browser and ends every other one", async () => {
    const { endOtherSessionsAction } = await actions();
    const viewer = await makeViewer();
    const laptop = await signedIn(viewer.email, "203.0.113.86");
    const others = await Promise.all(["203.0.113.87", "203.0.113.88"].map((ip) => signedIn(viewer.email, ip)));
    expect(await laptop.run(endOtherSessionsAction, "/settings/security")).toMatchObject({ ok: true, message: "Signed out 2 other sessions." });
    for (const browser of others) expect(await browser.run(getViewer)).toBeNull();
    expect(await laptop.run(getViewer)).toMatchObject({ id: viewer.id });
    expect(await listFor(laptop)).toHaveLength(1);
  });

  it("a signed-out caller of the actions is sent to sign in and changes nothing", async () => {
    const { endOtherSessionsAction } = await actions();
    const viewer = await makeViewer();
    const browser = await signedIn(viewer.email, "203.0.113.89");
    const stranger = new AuthClient("198.51.100.7");
    await expect(stranger.run(endOtherSessionsAction, "/settings/security")).rejects.toThrow(/NEXT_REDIRECT/);
    expect(await browser.run(getViewer)).toMatchObject({ id: viewer.id });
  });
});
