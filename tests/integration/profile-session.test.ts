import { afterAll, describe, expect, it } from "vitest";
import { AuthClient } from "./session-http";
import { db } from "@/lib/db";
import { getViewer } from "@/lib/session";
import { makeViewer } from "./fixtures";

process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "10";

afterAll(() => db().$disconnect());

const PASSWORD = "correct horse battery";
const actions = () => import("@/app/(dashboard)/w/[workspace]/settings/profile/actions");

async function signedIn(email: string, ip: string) {
  const browser = new AuthClient(ip);
  expect((await browser.signIn(email, PASSWORD)).status).toBe(200);
  return browser;
}

const formData = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};

describe("changing the email on the profile page", () => {
  it("needs the current password and signs out the other sessions, not this one", async () => {
    const { updateProfileAction } = await actions();
    const viewer = await makeViewer();
    const laptop = await signedIn(viewer.email, "203.0.113.60");
    const phone = await signedIn(viewer.email, "203.0.113.61");
    const email = `moved-${viewer.id}@example.test`;

    const without = await laptop.run(() => updateProfileAction(null, formData({ name: "Moved", email })));
    expect(without).toMatchObject({ ok: false, fieldErrors: { currentPassword: expect.stringContaining("current password") } });
    const wrong = await laptop.run(() => updateProfileAction(null, formData({ name: "Moved", email, currentPassword: "not my password" })));
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { currentPassword: "The current password is not correct." } });
    expect((await db().user.findUniqueOrThrow({ where: { id: viewer.id } })).email).toBe(viewer.email);

    const right = await laptop.run(() => updateProfileAction(null, formData({ name: "Moved", email, currentPassword: PASSWORD })));
    expect(right).toMatchObject({ ok: true });
    expect(await laptop.run(getViewer)).toMatchObject({ id: viewer.id, email });
    expect(await phone.session()).toEqual({});
    expect(await phone.run(getViewer)).toBeNull();
  });
});

describe("wrong current passwords on the profile forms are throttled per user", () => {
  it("20 parallel email changes with wrong passwords get at most 10 password checks", async () => {
    const { updateProfileAction } = await actions();
    const viewer = await makeViewer();
    const browser = await signedIn(viewer.email, "203.0.113.62");
    const email = `moved-${viewer.id}@example.test`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browser.run(() => updateProfileAction(null, formData({ name: "X", email, currentPassword: `wrong password ${i}` })))),
    );
    const messages = answers.map((a) => (a && !a.ok ? a.fieldErrors?.currentPassword : "ok"));
    const checked = messages.filter((m) => m === "The current password is not correct.").length;
    console.log("email change:", { checked, throttled: messages.filter((m) => m?.startsWith("Too many")).length });
    expect(checked).toBeLessThanOrEqual(10);
    expect(messages.filter((m) => m?.startsWith("Too many")).length).toBeGreaterThanOrEqual(10);
    // The budget is the user's, shared by both forms: the password form is refused too.
    const { changePasswordAction } = await actions();
    const change = await browser.run(() => changePasswordAction(null, formData({ currentPassword: PASSWORD, newPassword: "a brand new password", confirmPassword: "a brand new password" })));
    expect(change).toMatchObject({ ok: false, fieldErrors: { currentPassword: expect.stringMatching(/^Too many/) } });
  });

  it("20 parallel password changes with wrong current passwords get at most 10 password checks", async () => {
    const { changePasswordAction } = await actions();
    const viewer = await makeViewer();
    const browser = await signedIn(viewer.email, "203.0.113.63");
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        browser.run(() => changePasswordAction(null, formData({ currentPassword: `wrong password ${i}`, newPassword: "a brand new password", confirmPassword: "a brand new password" }))),
      ),
    );
    const messages = answers.map((a) => (a && !a.ok ? a.fieldErrors?.currentPassword : "ok"));
    const checked = messages.filter((m) => m === "The current password is not correct.").length;
    const throttled = messages.filter((m) => m?.startsWith("Too many")).length;
    console.log("password change:", { checked, throttled });
    expect(checked).toBeLessThanOrEqual(10);
    // The bound alone also holds when nothing is checked at all: a form that took a wrong
    // password ("ok") or refused every try unchecked. So some tries were checked, and every
    // answer is one of the two refusals.
    expect(checked).toBeGreaterThan(0);
    expect(checked + throttled).toBe(20);
  });
});
