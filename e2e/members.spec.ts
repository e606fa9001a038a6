import { expect, test, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import { Secret, TOTP } from "otpauth";
import { dumpDatabase, writeDatabase } from "./database";
import { finishSignUp, newAccount, signUp } from "./helpers";

// Workspaces as people use them (issue 13): an invitation link shown once, joined by someone
// who had no account, a member key that dies with the membership, and a workspace that becomes
// a 404 for whoever left it. Every page here is reached by its /w/<slug>/… address.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
// Each journey is two or three people signing up and acting in turn, on a shared machine.
test.describe.configure({ timeout: 150_000 });

const NEUTRAL = "This invitation link is not valid. It may have expired, been revoked or already been used. Ask for a new one.";
const slugOf = (page: Page) => new URL(page.url()).pathname.split("/")[2];
/** Signs up and waits for the redirect into the new account's own workspace; returns the account and its slug. */
async function signUpInWorkspace(page: Page, name: string) {
  const account = await signUp(page, newAccount(name));
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+\/settings\/api-keys$/);
  return { account, slug: slugOf(page) };
}
const workspaceOf = (name: string) => `${name}’s workspace`;
type Account = ReturnType<typeof newAccount>;

/** Ages an invitation past its expiry (its expiry set to its creation, as if INVITATION_TTL_HOURS had passed). */
async function expireInvitation(email: string) {
  expect(await writeDatabase(`UPDATE "Invitation" SET "expiresAt" = "createdAt" WHERE "email" = $1 AND "status" = 'pending'`, [email])).toBe(1);
}

/** Invite dialog → the link, read from the one-time reveal, copied, and the reveal closed. */
async function invite(page: Page, email: string, role: "Admin" | "Member" | "Viewer") {
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await expect(dialog.getByLabel("Email")).toBeFocused();
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByText(role, { exact: true }).click();
  await dialog.getByRole("button", { name: "Create invitation link" }).click();
  const reveal = page.getByRole("dialog", { name: `Invitation for ${email}` });
  const link = (await reveal.getByTestId("invitation-link").textContent())!.trim();
  expect(link).toMatch(new RegExp(`^${test.info().project.use.baseURL}/invite/lki_[A-Za-z0-9_-]{43}$`));
  await expect(reveal.getByRole("note")).toContainText(`This link is shown once. It expires`);
  await expect(reveal.getByRole("note")).toContainText(`anyone with it can join as ${role} if they sign in with ${email}.`);
  await expect(reveal.getByRole("button", { name: "Copy Invitation link" })).toBeFocused();
  await reveal.getByRole("button", { name: "Copy Invitation link" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();
  // Shown once: the page that listed it no longer holds it, nor does a reload.
  expect(await page.content()).not.toContain(link.split("/").pop()!);
  return link;
}

/** A second browser, signed out, opens the link, creates the invited account from it and joins. */
async function joinWithNewAccount(browser: Browser, link: string, account: Account, inviter: string, role: string) {
  const page = await (await browser.newContext()).newPage();
  const response = await page.goto(link);
  expect(response?.status()).toBe(200);
  await expect(page.getByText(`${inviter} invited you to join ${workspaceOf(inviter)} as ${role}.`)).toBeVisible();
  await expect(page.getByText(account.email).first()).toBeVisible();
  // The token is the invitation: it is not in the title (tab titles, history menus).
  expect(await page.title()).not.toContain("lki_");
  await page.getByRole("link", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/sign-up\?/);
  await expect(page.getByLabel("Email")).toHaveValue(account.email);
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // "Check your inbox", then sign in: back on the invitation, signed in with the invited address.
  await finishSignUp(page, account, link);
  await page.getByRole("button", { name: `Join ${workspaceOf(inviter)}` }).click();
  await expect(page.getByText(`You joined ${workspaceOf(inviter)} as ${role}.`)).toBeVisible();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+\/settings\/api-keys$/);
  return page;
}

test("Alice invites Bob by link; Bob signs up with it and joins; removing him stops his key and closes the workspace to him", async ({ page, browser }) => {
  const { account: alice, slug } = await signUpInWorkspace(page, "Alice Archer");
  await page.goto(`/w/${slug}/settings/members`);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Alice Archer" })).toContainText("(you)");
  await expect(page.getByText("No pending invitations")).toBeVisible();

  // Validation inside the dialog, then the link, once.
  await page.getByRole("button", { name: "Invite member" }).click();
  await page.getByRole("dialog", { name: "Invite a member" }).getByRole("button", { name: "Create invitation link" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await page.getByRole("dialog", { name: "Invite a member" }).getByRole("button", { name: "Cancel" }).click();
  const bob = newAccount("Bob Baker");
  const link = await invite(page, bob.email, "Member");
  const pending = page.getByRole("listitem", { name: bob.email });
  await expect(pending).toContainText("Member");
  await expect(pending).toContainText("Expires in 3 days");

  // Signed in as someone else (Alice herself), the link says whose it is and offers to switch.
  await page.goto(link);
  await expect(page.getByText(`You are signed in as ${alice.email}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: `Sign out and use ${bob.email}` })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Join/ })).toHaveCount(0);

  const bobPage = await joinWithNewAccount(browser, link, bob, alice.name, "Member");
  expect(slugOf(bobPage)).toBe(slug);
  await bobPage.goto(`/w/${slug}/settings/members`);
  await expect(bobPage.getByRole("listitem", { name: "Alice Archer" })).toBeVisible();
  await expect(bobPage.getByRole("listitem", { name: "Bob Baker" })).toContainText("(you)");
  // A Member manages no one: no Invite, no dropdowns, no Pending invitations.
  await expect(bobPage.getByRole("button", { name: "Invite member" })).toHaveCount(0);
  await expect(bobPage.getByRole("combobox")).toHaveCount(0);
  await expect(bobPage.getByText("Pending invitations")).toHaveCount(0);
  await expect(bobPage.getByRole("note")).toContainText("You are a Member here");

  // A used link is dead, with the one neutral message and a 404.
  const reused = await bobPage.goto(link);
  expect(reused?.status()).toBe(404);
  await expect(bobPage.getByText(NEUTRAL)).toBeVisible();

  // Bob makes a member key in Alice's workspace; it works.
  await bobPage.goto(`/w/${slug}/settings/api-keys/new`);
  await bobPage.getByRole("main").getByLabel("Name", { exact: true }).fill("Bob deploy key");
  await bobPage.getByRole("button", { name: "Create key" }).click();
  await expect(bobPage).toHaveURL(new RegExp(`/w/${slug}/settings/api-keys/key_[0-9A-Za-z]{16}$`));
  const secret = (await bobPage.getByTestId("secret").textContent())!.trim();
  const me = () => page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
  expect((await me()).status()).toBe(200);
  expect((await (await me()).json()).actsAs).toMatchObject({ type: "member", role: "member", member: { name: "Bob Baker" } });

  // Alice makes a service key: it acts as the workspace, so Bob's leaving cannot stop it.
  await page.goto(`/w/${slug}/settings/api-keys/new`);
  await page.getByRole("main").getByLabel("Name", { exact: true }).fill("Deploy pipeline");
  await page.getByText("The workspace (service key)", { exact: true }).click();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/api-keys/key_[0-9A-Za-z]{16}$`));
  const service = (await page.getByTestId("secret").textContent())!.trim();
  await page.getByRole("button", { name: "Copy API key" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("(a service key: only its own permission limits it, and it keeps working whoever leaves)")).toBeVisible();
  const serviceMe = () => page.request.get("/api/v1/me", { headers: { Authorization: `Bearer ${service}` } });
  expect(await (await serviceMe()).json()).toMatchObject({ actsAs: { type: "workspace" }, user: null, workspace: { slug } });
  // The list says what each key acts as, and filters by it.
  await page.goto(`/w/${slug}/settings/api-keys?acts=service`);
  await expect(page.getByRole("link", { name: "Deploy pipeline" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Bob deploy key" })).toHaveCount(0);
  await page.goto(`/w/${slug}/settings/api-keys`);
  await expect(page.getByRole("row", { name: /Bob deploy key/ })).toContainText("Bob Baker");

  // Alice removes Bob; the dialog first shows what that does.
  await page.goto(`/w/${slug}/settings/members`);
  await expect(page.getByText("No pending invitations")).toBeVisible();
  await expect(page.getByLabel("Role of Bob Baker")).toHaveValue("member");
  await page.getByRole("button", { name: "Actions for Bob Baker" }).click();
  await page.getByRole("menuitem", { name: "Remove" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove Bob Baker?" });
  const stops = dialog.locator("section").filter({ has: page.getByRole("heading", { name: "Member keys that stop working now" }) });
  await expect(stops).toContainText("Bob deploy key");
  const stays = dialog.locator("section").filter({ has: page.getByRole("heading", { name: "Service keys they created, which keep working" }) });
  await expect(stays).toContainText("None.");
  await dialog.getByRole("button", { name: "Remove Bob Baker" }).click();
  await expect(page.getByText("Removed. 1 member key stopped working.")).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Bob Baker" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeFocused();

  // On the very next request: his key is refused, the service key still works, and the workspace does not exist for him.
  expect((await me()).status()).toBe(401);
  expect((await serviceMe()).status()).toBe(200);
  const closed = await bobPage.goto(`/w/${slug}/settings/api-keys`);
  expect(closed?.status()).toBe(404);
  await expect(bobPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await bobPage.context().close();
});

test("dead links: renewed, revoked, expired and unknown links get the same neutral 404; a link is stored only as a hash and never logged", async ({ page, browser }) => {
  const { slug } = await signUpInWorkspace(page, "Alice Archer");
  await page.goto(`/w/${slug}/settings/members`);
  const carol = newAccount("Carol Cho");
  const first = await invite(page, carol.email, "Viewer");

  // Copy new link: the new link, once; the old one is dead at once.
  await page.getByRole("button", { name: `Actions for the invitation of ${carol.email}` }).click();
  await page.getByRole("menuitem", { name: "Copy new link" }).click();
  const reveal = page.getByRole("dialog", { name: `Invitation for ${carol.email}` });
  await expect(reveal.getByText("The previous link for this invitation stopped working.")).toBeVisible();
  const second = (await reveal.getByTestId("invitation-link").textContent())!.trim();
  expect(second).not.toBe(first);
  await reveal.getByRole("button", { name: "Copy Invitation link" }).click();
  await reveal.getByRole("button", { name: "Done" }).click();

  const visitor = await (await browser.newContext()).newPage();
  const old = await visitor.goto(first);
  expect(old?.status()).toBe(404);
  await expect(visitor.getByText(NEUTRAL)).toBeVisible();
  expect((await visitor.goto(second))?.status()).toBe(200);
  await expect(visitor.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", `/sign-in?callbackUrl=${encodeURIComponent(new URL(second).pathname)}`);

  // Revoke asks first; then the live link is as dead as any other.
  await page.getByRole("button", { name: `Actions for the invitation of ${carol.email}` }).click();
  await page.getByRole("menuitem", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: `Revoke the invitation for ${carol.email}?` }).getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByText("Invitation revoked. Its link no longer works.")).toBeVisible();
  await expect(page.getByText("No pending invitations")).toBeVisible();

  const revoked = await visitor.goto(second);
  expect(revoked?.status()).toBe(404);
  const unknown = await browser.newPage();
  const made = await unknown.goto(`/invite/lki_${"A".repeat(43)}`);
  expect(made?.status()).toBe(404);
  const malformed = await unknown.goto("/invite/not-a-token");
  expect(malformed?.status()).toBe(404);

  // An expired link (its expiry moved to its creation, as 72 hours would) is dead too, and
  // leaves the pending list.
  const eve = newAccount("Eve Evans");
  const third = await invite(page, eve.email, "Member");
  await expect(page.getByRole("listitem", { name: eve.email })).toBeVisible();
  await expireInvitation(eve.email);
  const expired = await unknown.goto(third);
  expect(expired?.status()).toBe(404);
  await page.reload();
  await expect(page.getByRole("listitem", { name: eve.email })).toHaveCount(0);

  // Every kind of dead link reads exactly the same.
  const bodies = await Promise.all([visitor, unknown].map((p) => p.locator("main").innerText()));
  expect(bodies[0]).toContain(NEUTRAL);
  expect(bodies[1]).toBe(bodies[0]);
  await visitor.context().close();
  await unknown.context().close();

  // A link is kept only as a hash, and never written to the server's output.
  const tokens = [first, second, third].map((link) => link.split("/").pop()!);
  const dump = await dumpDatabase();
  const log = process.env.E2E_SERVER_LOG;
  expect(log, "E2E_SERVER_LOG").toBeTruthy();
  const output = fs.readFileSync(log!, "utf8");
  for (const token of tokens) {
    expect(dump).not.toContain(token);
    expect(output).not.toContain(token);
  }
});

test("a Viewer sees the members read-only; roles change from the dropdown; lowering your own asks first; the last Owner cannot leave", async ({ page, browser }) => {
  const { account: alice, slug } = await signUpInWorkspace(page, "Alice Archer");
  await page.goto(`/w/${slug}/settings/members`);
  const vera = newAccount("Vera Viewer");
  const link = await invite(page, vera.email, "Viewer");
  const veraPage = await joinWithNewAccount(browser, link, vera, alice.name, "Viewer");

  await veraPage.goto(`/w/${slug}/settings/members`);
  await expect(veraPage.getByRole("listitem", { name: "Alice Archer" })).toContainText("Owner");
  await expect(veraPage.getByRole("listitem", { name: "Vera Viewer" })).toContainText("Viewer");
  await expect(veraPage.getByRole("button", { name: "Invite member" })).toHaveCount(0);
  await expect(veraPage.getByRole("combobox")).toHaveCount(0);
  await expect(veraPage.getByRole("note")).toContainText("You are a Viewer here");
  // Her menu has no Remove for anyone; her own row offers Leave.
  await veraPage.getByRole("button", { name: "Actions for Alice Archer" }).click();
  await expect(veraPage.getByRole("menuitem", { name: "Remove" })).toHaveCount(0);
  await veraPage.keyboard.press("Escape");

  // The Owner's dropdown offers every role and saves at once.
  await page.reload();
  const role = page.getByLabel("Role of Vera Viewer");
  await expect(role.locator("option")).toHaveText(["Owner", "Admin", "Member", "Viewer"]);
  await role.selectOption("member");
  await expect(page.getByText("Vera Viewer is now Member.")).toBeVisible();
  await veraPage.reload();
  await expect(veraPage.getByRole("note")).toContainText("You are a Member here");

  // Alice is the only Owner: her own role is a badge, and leaving is refused with the reason.
  await expect(page.getByRole("listitem", { name: "Alice Archer" }).getByRole("combobox")).toHaveCount(0);
  await page.getByRole("button", { name: "Actions for Alice Archer" }).click();
  await page.getByRole("menuitem", { name: "Leave workspace" }).click();
  const leave = page.getByRole("dialog", { name: `Leave ${workspaceOf(alice.name)}?` });
  await leave.getByRole("button", { name: "Leave workspace" }).click();
  await expect(page.getByText("A workspace needs at least one Owner. Make someone else an Owner first.").first()).toBeVisible();
  await leave.getByRole("button", { name: "Cancel" }).click();

  // With a second Owner, Alice may lower her own role, but is asked first (only an Owner can undo it).
  await role.selectOption("owner");
  await expect(page.getByText("Vera Viewer is now Owner.")).toBeVisible();
  const mine = page.getByLabel("Role of Alice Archer");
  await mine.selectOption("admin");
  const ask = page.getByRole("dialog", { name: "Make yourself Admin?" });
  await expect(ask).toContainText("only an Owner can give the role back");
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(mine).toHaveValue("owner");
  await mine.selectOption("admin");
  await ask.getByRole("button", { name: "Make me Admin" }).click();
  await expect(page.getByText("You are now Admin in this workspace.")).toBeVisible();
  // An Admin cannot change an Admin's role, their own included: a badge now.
  await expect(page.getByRole("listitem", { name: "Alice Archer" }).getByRole("combobox")).toHaveCount(0);
  await expect(page.getByRole("listitem", { name: "Alice Archer" })).toContainText("Admin");
  await expect(page.getByLabel("Role of Vera Viewer")).toHaveCount(0);

  // Vera, now an Owner, gives Alice her role back; then Vera leaves: the workspace is gone for
  // her, and she lands in her own.
  await veraPage.reload();
  await veraPage.getByLabel("Role of Alice Archer").selectOption("owner");
  await expect(veraPage.getByText("Alice Archer is now Owner.")).toBeVisible();
  await veraPage.getByRole("button", { name: "Actions for Vera Viewer" }).click();
  await veraPage.getByRole("menuitem", { name: "Leave workspace" }).click();
  await veraPage.getByRole("dialog", { name: /^Leave/ }).getByRole("button", { name: "Leave workspace" }).click();
  await expect(veraPage.getByText(`You left ${workspaceOf(alice.name)}.`)).toBeVisible();
  await expect(veraPage).toHaveURL(/\/w\/[a-z0-9-]+\/settings\/api-keys$/);
  expect(slugOf(veraPage)).not.toBe(slug);
  expect((await veraPage.goto(`/w/${slug}/settings/members`))?.status()).toBe(404);
  await veraPage.context().close();
});

test("an Owner requires two-factor: a Member without it is sent to set it up and their member key is refused, until they turn it on", async ({ page, browser }) => {
  const { account: alice, slug } = await signUpInWorkspace(page, "Alice Policy");
  await page.goto(`/w/${slug}/settings/members`);
  const bob = newAccount("Bob Policy");
  const bobPage = await joinWithNewAccount(browser, await invite(page, bob.email, "Member"), bob, alice.name, "Member");

  // Bob's member key works before the policy.
  await bobPage.goto(`/w/${slug}/settings/api-keys/new`);
  await bobPage.getByLabel("Name").fill("Bob's deploy key");
  await bobPage.getByRole("button", { name: "Create key" }).click();
  const secret = (await bobPage.getByTestId("secret").textContent())!.trim();
  const me = () => bobPage.request.get("/api/v1/me", { headers: { authorization: `Bearer ${secret}` } });
  expect((await me()).status()).toBe(200);

  // Alice has two-factor (set straight in the database: its own flow is e2e/two-factor.spec.ts) and requires it.
  await writeDatabase(`UPDATE "User" SET "totpEnabledAt" = $1 WHERE email = $2`, [new Date(), alice.email]);
  await page.goto(`/w/${slug}/settings/workspace`);
  await page.getByRole("switch", { name: "Require two-factor authentication" }).click();
  await expect(page.getByText("Two-factor authentication is now required of every member.")).toBeVisible();

  // Bob: every page of the workspace sends him to Security, which says why; his key gets 401.
  for (const path of ["api-keys", "members", "credentials"]) {
    await bobPage.goto(`/w/${slug}/settings/${path}`);
    await expect(bobPage).toHaveURL(new RegExp(`/w/${slug}/settings/security$`));
  }
  await expect(bobPage.getByRole("alert").filter({ hasText: "requires two-factor authentication" })).toBeVisible();
  expect((await me()).status()).toBe(401);
  await page.goto(`/w/${slug}/settings/members`);
  await expect(page.getByRole("listitem", { name: "Bob Policy" }).getByText("Two-factor missing")).toBeVisible();

  // He turns on an authenticator app: the workspace opens again and the same key works.
  await bobPage.getByRole("button", { name: "Set up authenticator app" }).click();
  const totpSecret = (await bobPage.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  const code = new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(totpSecret) }).generate();
  await bobPage.getByLabel("Code from the app").fill(code);
  await bobPage.getByRole("button", { name: "Turn on" }).click();
  await bobPage.getByRole("button", { name: "I have saved them" }).click();
  await bobPage.goto(`/w/${slug}/settings/api-keys`);
  await expect(bobPage).toHaveURL(new RegExp(`/w/${slug}/settings/api-keys$`));
  await expect(bobPage.getByRole("link", { name: "Bob's deploy key" })).toBeVisible();
  expect((await me()).status()).toBe(200);

  // The Members page shows who has two-factor.
  await page.goto(`/w/${slug}/settings/members`);
  await expect(page.getByRole("listitem", { name: "Bob Policy" }).getByText("Two-factor on")).toBeVisible();
});
