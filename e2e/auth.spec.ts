import { expect, test } from "@playwright/test";
import { createKey, newAccount, PASSWORD, signIn, signInElsewhere, signUp } from "./helpers";

test("a signed-out visitor is sent to sign in and comes back where they were going", async ({ page }) => {
  const account = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.goto("/settings/api-keys?q=prod");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await signIn(page, account.email);
  await expect(page).toHaveURL(/\/settings\/api-keys\?q=prod$/);
  await expect(page.getByRole("searchbox", { name: "Search keys" })).toHaveValue("prod");
});

test("every settings page and the sign-in redirect refuse a signed-out visitor", async ({ page, request }) => {
  for (const path of ["/settings", "/settings/api-keys", "/settings/api-keys/new", "/settings/profile", "/settings/api-keys/key_0000000000000000"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers()["location"], path).toContain("/sign-in");
  }
  await page.goto("/settings/profile");
  await expect(page.getByRole("heading", { name: "Sign in to Latchkey" })).toBeVisible();
});

test("a taken email gets the same \"check your inbox\" as a free one; wrong password and unknown email get the same message", async ({ page }) => {
  const account = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone else");
  await page.getByLabel("Email").fill(account.email.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  // The same answer as for a free address: nothing tells that this one has an account.
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Someone else");
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Email").fill(newAccount().email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Password must be at least 10 characters.")).toBeVisible();

  await page.goto("/sign-in");
  const formError = page.locator('form [role="alert"]');
  await signIn(page, account.email, "not the password");
  await expect(formError).toHaveText("Incorrect email or password.");
  const wrongPassword = await formError.textContent();
  await page.reload();
  await signIn(page, "nobody-here@example.test", PASSWORD);
  await expect(formError).toHaveText(wrongPassword!);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the page itself checks the session: a token from before a password change is refused", async ({ page, browser }) => {
  const account = await signUp(page);
  // A second browser signed in with the same account (a stolen cookie, say).
  const otherPage = await signInElsewhere(browser, account.email);

  await page.goto("/settings/profile");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill("a much newer password");
  await page.getByLabel("Confirm new password").fill("a much newer password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/notice=password-changed/);

  // The other browser's JWT is still well-formed and unexpired, so proxy.ts lets it through;
  // the page's own check (session version) is what sends it to sign in.
  await otherPage.goto("/settings/api-keys");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await expect(otherPage.getByRole("heading", { name: "Sign in to Latchkey" })).toBeVisible();
  await otherPage.context().close();

  await signIn(page, account.email, "a much newer password");
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
});

test("profile: name and email can be changed, with validation", async ({ page }) => {
  await signUp(page);
  const newEmail = newAccount().email;
  await page.goto("/settings/profile");
  await page.getByLabel("Name").fill("Ada King");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Ada King"); // typed input survives the error
  await page.getByLabel("Email").fill(newEmail);
  // A new email needs the current password: a borrowed session cannot take the account over.
  await page.locator("#profile-current-password").fill("not my password");
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("The current password is not correct.")).toBeVisible();
  await page.locator("#profile-current-password").fill(PASSWORD);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await expect(page.getByRole("banner").getByText("Ada King")).toBeVisible();
  await expect(page.getByRole("banner").getByText(newEmail)).toBeVisible();
});

test("sign out everywhere ends every session at once, this one included; API keys keep working", async ({ page, browser }) => {
  const account = await signUp(page);
  const { secret } = await createKey(page, "Survives sign-out");
  const otherPage = await signInElsewhere(browser, account.email);

  await page.goto("/settings/profile");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // The other browser still holds a well-formed, unexpired cookie: the session version refuses it.
  await otherPage.goto("/settings/api-keys");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await otherPage.context().close();

  const me = await page.request.get("/api/v1/me", { headers: { Authorization: `ApiKey ${secret}` } });
  expect(me.status()).toBe(200);
  await signIn(page, account.email);
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
});

test("after 10 failed sign-ins from one address that address must wait, and the form says so", async ({ page }) => {
  const account = await signUp(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const formError = page.locator('form [role="alert"]');
  for (let i = 0; i < 10; i++) {
    await signIn(page, account.email, `wrong password ${i}`);
    await expect(formError).toHaveText("Incorrect email or password.");
  }
  await signIn(page, account.email, PASSWORD);
  // The owner's own address (known since sign-up) backs off progressively instead of being locked out.
  await expect(formError).toHaveText(/^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/);
  await expect(page).toHaveURL(/\/sign-in/);
});
