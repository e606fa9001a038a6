import { performance } from "node:perf_hooks";
import { expect, test, type Page } from "@playwright/test";
import { sweep } from "./audit";
import type { ReceivedMail } from "./mail-sink";
import { finishSignUp, newAccount, PASSWORD, signIn, signInElsewhere, signUp } from "./helpers";

// The e2e server sends mail to a real SMTP server started for the run (e2e/mail-sink.ts, wired
// in playwright.config.ts); these tests read the messages, and the links in them, over its HTTP side.

const mailbox = `http://127.0.0.1:${process.env.E2E_MAIL_HTTP_PORT}/messages`;

async function mailTo(address: string, subject: RegExp): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(async () => {
      const messages = (await (await fetch(`${mailbox}?to=${encodeURIComponent(address)}`)).json()) as ReceivedMail[];
      found = messages.filter((m) => subject.test(m.subject)).at(-1);
      return found !== undefined;
    }, { timeout: 15_000 })
    .toBe(true);
  return found!;
}

const linkIn = (mail: ReceivedMail, path: string) => {
  const match = mail.text.match(new RegExp(`https?://[^\\s]+/${path}/[A-Za-z0-9_-]+`));
  expect(match, `a ${path} link in "${mail.subject}"`).not.toBeNull();
  return match![0];
};

async function fillSignUp(page: Page, account: { name: string; email: string; password: string }) {
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

test("sign up → the verify mail → its link → verified; opening the link alone verifies nothing", async ({ page, request }) => {
  const account = newAccount("Vera Verified");
  await page.goto("/sign-up");
  await fillSignUp(page, account);
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  const mail = await mailTo(account.email, /Verify your email address/);
  expect(mail.subject).toBe("Verify your email address · Latchkey");
  expect(mail.html).toContain("Verify my address");
  const link = linkIn(mail, "verify-email");
  console.log(`[mail] the message a new user receives:\nSubject: ${mail.subject}\n\n${mail.text.replace(/lkv_[A-Za-z0-9_-]+/, "lkv_…")}`);

  // A mail scanner fetching the link: the page answers and nothing is used up (the page would
  // otherwise say the link no longer works).
  expect((await request.get(link)).status()).toBe(200);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Verify your email address" })).toBeVisible();
  await page.getByRole("button", { name: "Verify my address" }).click();
  await expect(page.getByText("Your email address is verified.")).toBeVisible();
  await page.getByRole("link", { name: "Continue to Latchkey" }).click();
  // Signed out, the way on is signing in.
  await expect(page.getByRole("heading", { name: "Sign in to Latchkey" })).toBeVisible();

  // Single use: the link now says so.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
});

test("forgot password → the reset mail → a new password signs out every session; the new one works, the old does not", async ({ page, browser }) => {
  const account = await signUp(page, newAccount("Rita Reset"));
  const otherDevice = await signInElsewhere(browser, account.email);

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/sign-in");
  await visitor.getByRole("link", { name: "Forgot password?" }).click();
  await expect(visitor.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await visitor.getByLabel("Email").fill(account.email);
  await visitor.getByRole("button", { name: "Send reset link" }).click();
  await expect(visitor.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  const link = linkIn(await mailTo(account.email, /Reset your password/), "reset-password");
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await visitor.getByLabel("New password", { exact: true }).fill("a whole new password");
  await visitor.getByLabel("Confirm new password").fill("not the same one");
  await visitor.getByRole("button", { name: "Set new password" }).click();
  await expect(visitor.getByText("The passwords do not match.")).toBeVisible();
  await visitor.getByLabel("Confirm new password").fill("a whole new password");
  await visitor.getByRole("button", { name: "Set new password" }).click();
  await expect(visitor).toHaveURL(/\/sign-in\?notice=password-reset$/);
  await expect(visitor.getByText("Your new password is saved and every session was signed out.")).toBeVisible();

  // Every session that existed is gone.
  for (const signedIn of [page, otherDevice]) {
    await signedIn.reload();
    await expect(signedIn.getByRole("heading", { name: "Sign in to Latchkey" })).toBeVisible();
  }
  await signIn(visitor, account.email, PASSWORD);
  await expect(visitor.locator('form [role="alert"]')).toHaveText("Incorrect email or password.");
  await signIn(visitor, account.email, "a whole new password");
  await expect(visitor).toHaveURL(/\/settings\/api-keys$/);

  // The link worked once.
  await visitor.goto(link);
  await expect(visitor.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
});

test("an invitation by mail: the invited person follows the mailed link, signs up and joins", async ({ page, browser }) => {
  const owner = await signUp(page, newAccount("Iris Inviter"));
  const invitee = newAccount("Ned Newcomer");
  await page.goto("/settings/members");
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("Email").fill(invitee.email);
  await dialog.getByText("Member", { exact: true }).click();
  await dialog.getByRole("button", { name: "Create invitation link" }).click();
  const reveal = page.getByRole("dialog", { name: `Invitation for ${invitee.email}` });
  const shown = (await reveal.getByTestId("invitation-link").textContent())!.trim();

  const mail = await mailTo(invitee.email, /invited you/);
  expect(mail.subject).toBe(`${owner.name} invited you to ${owner.name}’s workspace · Latchkey`);
  const link = linkIn(mail, "invite");
  expect(link).toBe(shown);

  const guest = await (await browser.newContext()).newPage();
  await guest.goto(link);
  await guest.getByRole("link", { name: "Create account" }).click();
  await expect(guest.getByLabel("Email")).toHaveValue(invitee.email);
  await guest.getByLabel("Name").fill(invitee.name);
  await guest.getByLabel("Password").fill(invitee.password);
  await guest.getByRole("button", { name: "Create account" }).click();
  await finishSignUp(guest, invitee, link);
  await guest.getByRole("button", { name: `Join ${owner.name}’s workspace` }).click();
  await expect(guest.getByText(`You joined ${owner.name}’s workspace as Member.`)).toBeVisible();
});

test("sign-up with a taken and a free email: the same status and body, in similar time", async ({ page }) => {
  test.setTimeout(120_000);
  const taken = await signUp(page, newAccount("Tess Taken"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The form's own server-action request, captured, then replayed with other addresses.
  await page.goto("/sign-up");
  const posted = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await fillSignUp(page, newAccount("First Free"));
  const original = await posted;
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  // Every header the browser sent (Origin included: proxy.ts refuses a post without it), minus the ones the client sets itself.
  const headers = Object.fromEntries(Object.entries(await original.allHeaders()).filter(([name]) => !["content-length", "host", "cookie"].includes(name)));
  const body = original.postData()!;
  const replay = async (email: string) => {
    const started = performance.now();
    const response = await page.request.post(original.url(), { headers, data: body.replace(/"email":"[^"]+"/, `"email":"${email}"`) });
    const text = await response.text();
    return { status: response.status(), body: text, ms: performance.now() - started };
  };
  const times = { free: [] as number[], taken: [] as number[] };
  const answers = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const free = await replay(newAccount().email);
    const same = await replay(taken.email);
    if (i > 0) {
      times.free.push(free.ms);
      times.taken.push(same.ms);
    }
    answers.add(`${free.status} ${free.body}`).add(`${same.status} ${same.body}`);
  }
  expect([...answers]).toHaveLength(1);
  expect([...answers][0]).toMatch(/^200 /);
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  console.log(`[timing] sign-up through the server: median free ${median(times.free).toFixed(0)} ms, taken ${median(times.taken).toFixed(0)} ms`);
  expect(Math.abs(median(times.free) - median(times.taken))).toBeLessThan(Math.max(median(times.free), median(times.taken)) / 2);
  // The owner of the taken address heard about it; nobody signed in.
  await mailTo(taken.email, /Someone tried to sign up with your address/);
});

test("the account pages look finished at 1440 and 390 px, in both themes, with no serious axe violations", async ({ page }) => {
  test.setTimeout(300_000);
  const account = await signUp(page, newAccount("Paula Pages"));
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const resetLink = linkIn(await mailTo(account.email, /Reset your password/), "reset-password");
  const verifyLink = linkIn(await mailTo(account.email, /Verify your email address/), "verify-email");
  const at = (url: string, heading: string) => async (p: Page) => {
    await p.goto(url);
    await expect(p.getByRole("heading", { name: heading })).toBeVisible();
  };
  await sweep(page, { state: "sign-in-forgot-link", open: at("/sign-in", "Sign in to Latchkey") });
  await sweep(page, { state: "forgot-password", open: at("/forgot-password", "Reset your password") });
  await sweep(page, {
    state: "forgot-password-sent",
    open: async (p) => {
      await at("/forgot-password", "Reset your password")(p);
      await p.getByLabel("Email").fill(newAccount().email);
      await p.getByRole("button", { name: "Send reset link" }).click();
      await expect(p.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    },
  });
  await sweep(page, { state: "reset-password", open: at(resetLink, "Choose a new password") });
  await sweep(page, { state: "verify-email", open: at(verifyLink, "Verify your email address") });
  await sweep(page, { state: "dead-link", open: at(resetLink.replace(/lkr_.{6}/, "lkr_AAAAAA"), "This link no longer works") });
  await sweep(page, {
    state: "sign-up-check-inbox",
    open: async (p) => {
      await at("/sign-up", "Create your account")(p);
      await fillSignUp(p, newAccount("Shot Person"));
      await expect(p.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
    },
  });
});
