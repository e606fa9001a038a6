import { expect, test } from "@playwright/test";
import { copyAndDone, createKey, signUp } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
// Journeys of several keys each: on a loaded 2-core machine they ran past 60 s (the merged run).
test.describe.configure({ timeout: 120_000 });

test("create, reveal once, copy, call the API three ways, search, revoke", async ({ page, request }) => {
  await signUp(page);
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expect(page.getByText("0 of 5 keys · Default")).toBeVisible();

  // Validation: errors beside their fields, typed input kept.
  await page.getByRole("link", { name: "+ Add API Key" }).first().click();
  await page.getByLabel("Description (optional)").fill("Nightly inventory export");
  await page.getByText("Custom date", { exact: true }).click();
  await page.getByLabel("Expires on (end of day, UTC)").fill("2020-01-01");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Enter a name for the key.")).toBeVisible();
  await expect(page.getByText("The expiry date must be in the future.")).toBeVisible();
  await expect(page.getByLabel("Description (optional)")).toHaveValue("Nightly inventory export");
  await page.getByLabel("Name").fill("x".repeat(65));
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Name must be at most 64 characters.")).toBeVisible();

  // Create for real: the secret is shown once with a warning, copy, curl and Done.
  const { sid, secret } = await createKey(page, "Production Sync", { description: "Nightly inventory export", expiry: "90 days" });
  await expect(page.getByRole("note")).toContainText("The key will not be displayed again.");
  await expect(page.getByText(`curl -H "Authorization: ApiKey ${secret}"`)).toBeVisible();
  await page.getByRole("button", { name: "Copy API key" }).click();
  await expect(page.getByText("API key copied to clipboard.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Copy API key" })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

  // Reload, Back and a revisit never show it again.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Production Sync" })).toBeVisible();
  await expect(page.getByTestId("secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);
  await page.goto("/settings/api-keys");
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Production Sync" })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // The key works in all three header forms.
  const forms: Array<Record<string, string>> = [{ Authorization: `ApiKey ${secret}` }, { Authorization: `Bearer ${secret}` }, { "X-API-Key": secret }];
  for (const headers of forms) {
    const response = await request.get("/api/v1/me", { headers });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.key).toMatchObject({ sid, name: "Production Sync", prefix: secret.slice(0, 7) });
  }
  const inQuery = await request.get(`/api/v1/me?api_key=${secret}`);
  expect(inQuery.status()).toBe(400);

  // Last used appears once the in-memory times are flushed (1 s in the e2e server).
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Never")).toHaveCount(0);
  }).toPass({ timeout: 15_000 });

  // Search and Clear, kept in the URL.
  await createKey(page, "Staging", { description: "QA box" }).then(() => copyAndDone(page));
  await page.goto("/settings/api-keys");
  await expect(page.getByText("2 of 5 keys · Default")).toBeVisible();
  await page.getByRole("searchbox", { name: "Search keys" }).fill("PRODUCTION");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\?q=PRODUCTION$/);
  await expect(page.getByRole("link", { name: "Production Sync" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Staging" })).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "1 active key matches “PRODUCTION”." })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search keys" }).fill("no such key");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("heading", { name: "No key matches “no such key”" })).toBeVisible();
  // Clear empties the box too, not only the URL.
  await page.getByRole("link", { name: "Clear", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  await expect(page.getByRole("link", { name: "Staging" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search keys" })).toHaveValue("");

  // Detail, revoke behind a confirmation, then the API refuses the key.
  await page.getByRole("link", { name: "Production Sync" }).click();
  await expect(page.getByText(sid).first()).toBeVisible();
  await page.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke “Production Sync”?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect((await request.get("/api/v1/me", { headers: { "X-API-Key": secret } })).status()).toBe(200);
  await page.getByRole("button", { name: "Revoke" }).click();
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("“Production Sync” was revoked.")).toBeVisible();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
  const refused = await request.get("/api/v1/me", { headers: { Authorization: `ApiKey ${secret}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: { code: "unauthorized", message: "The API key is missing, invalid, expired or revoked." } });

  await page.goto("/settings/api-keys");
  const revoked = page.getByRole("region", { name: "Revoked keys" });
  await expect(revoked.getByRole("link", { name: "Production Sync" })).toBeVisible();
  // Relative, with the absolute UTC time on keyboard focus.
  await revoked.getByRole("row").filter({ hasText: "Production Sync" }).locator("time").nth(1).focus();
  await expect(page.getByRole("tooltip").filter({ hasText: /UTC$/ })).toBeVisible();
  await expect(page.getByText("1 of 5 keys · Default")).toBeVisible();

  // A search whose only match is revoked says so, with a count, instead of "No key matches".
  await page.goto("/settings/api-keys?q=Production");
  await expect(page.getByRole("heading", { name: "No active key matches “Production”" })).toBeVisible();
  await expect(page.getByText("The key that matches is revoked")).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "1 revoked key matches “Production”." })).toBeVisible();
  await expect(page.getByText("No key matches")).toHaveCount(0);
});

test("the limit: Add API Key is disabled with the reason at 5 active keys", async ({ page }) => {
  await signUp(page);
  for (let i = 1; i <= 5; i++) {
    await createKey(page, `Key ${i}`);
    await copyAndDone(page);
  }
  await page.goto("/settings/api-keys");
  await expect(page.getByText("5 of 5 keys · Default")).toBeVisible();
  const add = page.getByRole("button", { name: "+ Add API Key" });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription("Delete an unused one, or ask your administrator for a larger plan.");
  await expect(page.getByText("Delete an unused one, or ask your administrator for a larger plan.")).toBeVisible();
  await page.goto("/settings/api-keys/new");
  await expect(page.getByText("This workspace has reached its limit of 5 active keys (Default plan). Delete an unused one, or ask your administrator for a larger plan.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
});

test("leaving the reveal without copying asks first", async ({ page }) => {
  await signUp(page);
  await createKey(page, "Uncopied");
  await page.getByRole("button", { name: "Done" }).click();
  const confirm = page.getByRole("dialog", { name: "You have not copied the API key" });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: "Go back" }).click();
  await expect(page.getByTestId("secret")).toBeVisible();
  await page.getByRole("button", { name: "Done" }).click();
  await confirm.getByRole("button", { name: "Close without copying" }).click();
  await expect(page.getByTestId("secret")).toHaveCount(0);
});

test("another user's sid is a 404 for pages, actions and the API alike", async ({ page, browser }) => {
  await signUp(page);
  const alice = await createKey(page, "Alice's key");
  await copyAndDone(page);

  const bobContext = await browser.newContext();
  const bob = await bobContext.newPage();
  await signUp(bob, { name: "Bob", email: `bob-${Date.now()}@example.test`, password: "correct horse battery" });

  const theirs = await bob.goto(`/settings/api-keys/${alice.sid}`);
  const nobody = await bob.goto("/settings/api-keys/key_0000000000000000");
  expect(theirs?.status()).toBe(404);
  expect(nobody?.status()).toBe(404);
  await expect(bob.getByRole("heading", { name: "Page not found" })).toBeVisible();

  // A forged form field: Bob's own revoke form, pointed at Alice's sid.
  const own = await createKey(bob, "Bob's key");
  await copyAndDone(bob);
  await bob.goto(`/settings/api-keys/${own.sid}`);
  await bob.getByRole("button", { name: "Revoke" }).click();
  await bob.getByRole("dialog", { name: /Revoke/ }).locator('input[name="sid"]').evaluate((input, sid) => ((input as HTMLInputElement).value = sid), alice.sid);
  await bob.getByRole("button", { name: "Revoke key" }).click();
  await expect(bob.getByText("That key does not exist.")).toBeVisible();
  await bobContext.close();

  // Alice's key is untouched and still works.
  const me = await page.request.get("/api/v1/me", { headers: { "X-API-Key": alice.secret } });
  expect(me.status()).toBe(200);
  await page.goto(`/settings/api-keys/${alice.sid}`);
  await expect(page.getByText("Active", { exact: true })).toBeVisible();
});
