import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN_EMAIL, ageSessions, signInAdmin, signUpAs, UNVERIFIED_ADMIN_EMAIL } from "./admin-setup";
import { queryDatabase } from "./database";
import { confirmIdentity, createKey, newAccount, PASSWORD, signIn, signUp } from "./helpers";

// The instance Admin area as an admin and as everyone else meets it: an admin disables a person
// (their browser is signed out, their member key gets 401, sign-in is refused), issues a
// password reset link (shown once), re-enables them, and each step asks "Confirm it's you"
// when the session is past the window. Nothing in the admin pages, HTML or RSC payload,
// carries a key secret, a credential value or a sealed column.

const SHOTS = "/tmp/shots-admin";
test.setTimeout(180_000);

const ADMIN_PAGES = ["/admin/users", "/admin/workspaces", "/admin/plans", "/admin/mail", "/admin/audit"];
const meStatus = async (request: APIRequestContext, secret: string) => (await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } })).status();

/** The row menu of the person with this email on the Users page (searched for). */
async function openUser(page: Page, email: string) {
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.getByTestId("admin-user-row").filter({ hasText: email });
  await expect(row).toHaveCount(1);
  return row;
}

test("non-admins, an unverified listed address included, get the 404 page for every admin page and no Admin link", async ({ page, browser }) => {
  await signUp(page);
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  for (const path of ["/admin", ...ADMIN_PAGES, "/admin/workspaces/c000000000000000000000000"]) {
    expect((await page.goto(path))?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  const unverified = await (await browser.newContext()).newPage();
  await signUpAs(unverified, UNVERIFIED_ADMIN_EMAIL, "Una Verified", false);
  await expect(unverified.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  expect((await unverified.goto("/admin/users"))?.status()).toBe(404);
  // Signed out: the same 404, no hint that the area exists.
  const signedOut = await (await browser.newContext()).newPage();
  expect((await signedOut.goto("/admin/users"))?.status()).toBe(404);
});

test("an admin disables a person (sessions end, member key 401, sign-in refused), issues a reset link and re-enables them, confirming it's them", async ({ page, browser }) => {
  // The person: signed in elsewhere, with a member key and a credential.
  const targetContext = await browser.newContext();
  const target = await targetContext.newPage();
  const person = await signUp(target, newAccount("Vera Victim"));
  const { secret } = await createKey(target, "Vera's key");
  await target.goto("/settings/credentials/new");
  await target.getByLabel("Name", { exact: true }).fill("Payments");
  await target.getByText("Bearer token", { exact: true }).click();
  const credentialValue = `tok-admin-e2e-${Date.now()}-Zq9`;
  await target.getByLabel("Token", { exact: true }).fill(credentialValue);
  await target.getByLabel("Allowed hosts").fill("api.example.com");
  await target.getByRole("button", { name: "Save credential" }).click();
  await expect(target).toHaveURL(/\/settings\/credentials$/);
  expect(await meStatus(page.request, secret)).toBe(200);

  await signInAdmin(page);
  await page.getByRole("link", { name: "Admin", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await ageSessions(ADMIN_EMAIL);

  // Disable: the dialog, then "Confirm it's you", then the change.
  let row = await openUser(page, person.email);
  await row.getByRole("button", { name: `Actions for ${person.name}` }).click();
  await page.getByRole("menuitem", { name: "Disable" }).click();
  const disable = page.getByRole("dialog", { name: `Disable ${person.name}?` });
  await expect(disable).toBeVisible();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/disable-dialog-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await disable.getByRole("button", { name: "Disable account" }).click();
  expect(await confirmIdentity(page, PASSWORD, 5_000)).toBe(true);
  await expect(page.getByText(/Account disabled\./)).toBeVisible();
  await expect(disable).toBeHidden();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();

  // The person: signed out on their next request, their key refused, sign-in refused.
  await target.goto("/settings/api-keys");
  await expect(target).toHaveURL(/\/sign-in/);
  expect(await meStatus(page.request, secret)).toBe(401);
  await signIn(target, person.email, PASSWORD);
  await expect(target.getByText("Incorrect email or password.").first()).toBeVisible();

  // A reset link, shown once, within the window now (no second confirmation).
  row = await openUser(page, person.email);
  await row.getByRole("button", { name: `Actions for ${person.name}` }).click();
  await page.getByRole("menuitem", { name: "Password reset link" }).click();
  const linkDialog = page.getByRole("dialog", { name: `Password reset link for ${person.name}` });
  await linkDialog.getByRole("button", { name: "Create link" }).click();
  const link = (await linkDialog.getByTestId("reset-link").textContent())!.trim();
  expect(link).toMatch(/\/reset-password\/lkr_[\w-]+$/);
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/reset-link-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.keyboard.press("Escape");
  await target.goto(link);
  await expect(target.getByLabel("New password", { exact: true })).toBeVisible();

  // Re-enable: sign-in and the key work again.
  row = await openUser(page, person.email);
  await row.getByRole("button", { name: `Actions for ${person.name}` }).click();
  await page.getByRole("menuitem", { name: "Re-enable" }).click();
  await page.getByRole("dialog", { name: `Re-enable ${person.name}?` }).getByRole("button", { name: "Re-enable account" }).click();
  await expect(page.getByText("Account re-enabled.")).toBeVisible();
  await expect.poll(() => meStatus(page.request, secret)).toBe(200);

  // The audit log names all three, without the link.
  await page.goto("/admin/audit");
  const audit = page.getByTestId("instance-audit-row").filter({ hasText: person.email });
  await expect(audit.filter({ hasText: "Disabled an account" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "Issued a password reset link" })).toHaveCount(1);
  await expect(audit.filter({ hasText: "Re-enabled an account" })).toHaveCount(1);
  const token = link.split("/").pop()!;
  await expect(page.getByText(token)).toHaveCount(0);

  // No secret in any admin page, as HTML or as the RSC payload a client navigation fetches.
  const [keyRow] = await queryDatabase<{ hash: string }>(`SELECT hash FROM "ApiKey" WHERE name = $1`, ["Vera's key"]);
  const sealed = await queryDatabase<{ sealed: string }>(`SELECT c.sealed FROM "Credential" c JOIN "User" u ON u.id = c."userId" WHERE u.email = $1`, [person.email]);
  expect(sealed).toHaveLength(1);
  const [workspace] = await queryDatabase<{ id: string }>(`SELECT m."workspaceId" AS id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [person.email]);
  const secrets = [secret, credentialValue, keyRow!.hash, sealed[0]!.sealed, token];
  for (const path of [...ADMIN_PAGES, `/admin/users?q=${encodeURIComponent(person.email)}`, `/admin/workspaces/${workspace!.id}`]) {
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const response = await page.request.get(path, { headers });
      expect(response.status(), path).toBe(200);
      const body = await response.text();
      for (const value of secrets) expect(body.includes(value), `${path} ${JSON.stringify(headers)} carries a secret`).toBe(false);
    }
  }
  // The admin is not a member of the person's workspace: no link into its pages.
  await page.goto(`/admin/workspaces/${workspace!.id}`);
  await expect(page.getByText(person.email)).toBeVisible();
  await expect(page.locator('a[href^="/w/"]')).toHaveCount(0);
  await targetContext.close();
});

test("an admin edits a plan's limit, moves a workspace to another plan and sets its own limit, confirming it's them; each is audited", async ({ page, browser }) => {
  const personContext = await browser.newContext();
  const person = await signUp(await personContext.newPage(), newAccount("Paula Plans"));
  await personContext.close();
  const [ws] = await queryDatabase<{ id: string }>(`SELECT m."workspaceId" AS id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [person.email]);

  await signInAdmin(page);
  await ageSessions(ADMIN_EMAIL);

  // Plans: Lite's stored credentials from 5 to 4.
  await page.goto("/admin/plans");
  await expect(page.getByRole("heading", { level: 1, name: "Plans" })).toBeVisible();
  const lite = page.getByTestId("admin-plan-row").filter({ hasText: "Lite" });
  await lite.getByRole("button", { name: "Edit Lite" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Lite" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Stored credentials limit")).toHaveValue("5");
  await dialog.getByLabel("Stored credentials limit").fill("4");
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/edit-plan-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await dialog.getByRole("button", { name: "Save limits" }).click();
  expect(await confirmIdentity(page, PASSWORD, 5_000)).toBe(true);
  await expect(page.getByText(/^Saved\./)).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(lite.getByTestId("limit-credentials")).toContainText("4");
  // The Default plan's environment-set limits are shown, not editable.
  await page.getByRole("button", { name: "Edit Default" }).click();
  const defaults = page.getByRole("dialog", { name: "Edit Default" });
  await expect(defaults.getByText("MAX_CREDENTIALS")).toBeVisible();
  await expect(defaults.getByLabel("Stored credentials limit")).toHaveCount(0);
  await page.keyboard.press("Escape");

  // The workspace: to Lite, then its own credentials limit of 2.
  await page.goto(`/admin/workspaces/${ws!.id}`);
  await page.getByLabel("Plan", { exact: true }).selectOption("lite");
  await page.getByRole("button", { name: "Change plan" }).click();
  await expect(page.getByText("Plan changed to Lite.")).toBeVisible();
  await expect(page.getByTestId("workspace-plan-name")).toHaveText("Lite");
  await expect(page.getByText("0 of 4 credentials · Lite")).toBeVisible();
  await page.getByLabel("Stored credentials", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByText("Limits saved.")).toBeVisible();
  await expect(page.getByText("0 of 2 credentials · Lite")).toBeVisible();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/workspace-plan-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // The list shows the plan and usage against it.
  await page.goto("/admin/workspaces");
  await expect(page.getByTestId("admin-workspace-row").filter({ hasText: "0/2 credentials" }).first()).toBeVisible();

  await page.goto("/admin/audit");
  for (const label of ["Changed a plan's limits", "Changed a workspace's plan", "Set a workspace's own limits"]) await expect(page.getByText(label).first()).toBeVisible();

  // Back as it was (for the other specs), within the confirmation window: no second "Confirm it's you".
  await page.goto("/admin/plans");
  await lite.getByRole("button", { name: "Edit Lite" }).click();
  await dialog.getByLabel("Stored credentials limit").fill("5");
  await dialog.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByText("Saved. No workspace went over this plan's limits.")).toBeVisible();
  await expect(lite.getByTestId("limit-credentials")).toContainText("5");
});
