import { expect, test } from "@playwright/test";
import { copyAndDone, createKey, signUp } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
// Journeys of several keys each: on a loaded 2-core machine they ran past 60 s (the merged run).
test.describe.configure({ timeout: 120_000 });

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

test("edit, roll with a grace period, delete the old key, see usage and the security log", async ({ page, request }) => {
  await signUp(page);
  const first = await createKey(page, "Deploy bot", { description: "CI", permission: "Read/Write" });
  await copyAndDone(page);
  await expect(page.getByText("Read/Write", { exact: true })).toBeVisible();

  // Edit name and description; the secret is untouched.
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("Name").fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter a name for the key.")).toBeVisible();
  await page.getByLabel("Name").fill("Deploy bot v2");
  await page.getByLabel("Description").fill("GitHub Actions");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Key updated.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Deploy bot v2" })).toBeVisible();
  expect((await request.get("/api/v1/me", { headers: { "X-API-Key": first.secret } })).status()).toBe(200);

  // Roll with a 1 hour grace period: the new secret is revealed once, both work.
  await page.getByRole("button", { name: "Roll key" }).click();
  const roll = page.getByRole("dialog", { name: "Roll “Deploy bot v2”?" });
  await roll.getByText("1 hour").click();
  await roll.getByRole("button", { name: "Roll key" }).click();
  await expect(page).not.toHaveURL(new RegExp(first.sid));
  const newSecret = (await page.getByTestId("secret").textContent())!.trim();
  const newSid = page.url().split("/").pop()!;
  expect(newSecret).not.toBe(first.secret);
  await expect(page.getByRole("status").filter({ hasText: `Replaces ${first.sid}` })).toContainText("keeps working until");
  await copyAndDone(page);
  for (const secret of [first.secret, newSecret]) {
    const response = await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${secret}` } });
    expect(response.status()).toBe(200);
    expect(response.headers()["latchkey-key-expiration"]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  }
  await page.goto(`/settings/api-keys/${first.sid}`);
  await expect(page.getByRole("status").filter({ hasText: `Rolled into ${newSid}` })).toContainText("keeps working until");

  // Stop the old secret before its grace period ends (its replacement keeps working), then
  // delete the old key for good with the inline confirmation.
  await page.getByRole("button", { name: "End grace period" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Stop old secret" }).click();
  await expect(page.getByText("The old secret of “Deploy bot v2” stopped working.")).toBeVisible();
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${first.secret}` } })).status()).toBe(401);
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${newSecret}` } })).status()).toBe(200);
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("Delete this key? Integrations using it will stop working.")).toBeVisible();
  await page.getByRole("button", { name: "Delete key" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys\?deleted=1$/);
  await expect(page.getByText("The key was deleted.")).toBeVisible();
  expect((await page.request.get(`/settings/api-keys/${first.sid}`)).status()).toBe(404);

  // Usage: with the two calls after the roll, 5 successful requests, flushed within a second
  // on the e2e server.
  for (let i = 0; i < 3; i++) await request.get("/api/v1/me", { headers: { "X-API-Key": newSecret } });
  await createKey(page, "Reader", { permission: "Read" }).then(async (reader) => {
    await copyAndDone(page);
    const denied = await request.post("/api/v1/keys", { headers: { "X-API-Key": reader.secret }, data: { name: "x", expiry: "7" } });
    expect(denied.status()).toBe(403);
    expect((await denied.json()).error.code).toBe("insufficient_permission");
  });
  await page.goto(`/settings/api-keys/${newSid}`);
  const todayRow = page.getByTestId("usage-table").locator(`tr[data-day="${today()}"]`);
  await expect(async () => {
    await page.reload();
    await expect(todayRow.locator("td").nth(1)).toHaveText("5", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId("total-succeeded")).toHaveText("5");
  await expect(page.getByText(/from 127\.0\.0\.1|from ::ffff:127\.0\.0\.1|from ::1/)).toBeVisible();

  // The security log: every event once, newest first, filterable by key.
  await page.getByRole("link", { name: "Security log" }).click();
  const rows = page.locator("tbody tr");
  await expect(rows.first()).toContainText("Permission denied");
  for (const event of ["Created", "Edited", "Rolled", "Deleted", "Permission denied"]) {
    await expect(page.getByText(event, { exact: true }).first()).toBeVisible();
  }
  await page.getByLabel("Key", { exact: true }).selectOption({ value: first.sid });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`key=${first.sid}`));
  await expect(rows).toHaveCount(5); // created, edited, rolled, edited (grace ended), deleted
  expect(await page.content()).not.toContain(newSecret.slice(3, 35));
});

test("keys expiring within 7 days carry a warning; a key for 30 days does not", async ({ page, request }) => {
  await signUp(page);
  const soon = await createKey(page, "Short-lived", { expiry: "Custom date", expiresOn: inDays(3) });
  await copyAndDone(page);
  await expect(page.getByRole("status").filter({ hasText: "This key expires" })).toBeVisible();
  await createKey(page, "Monthly", { expiry: "30 days" });
  await copyAndDone(page);

  await page.goto("/settings/api-keys");
  await expect(page.getByRole("status").filter({ hasText: "1 key expires within 7 days" })).toContainText("Short-lived");
  const soonRow = page.getByRole("row").filter({ hasText: "Short-lived" });
  const laterRow = page.getByRole("row").filter({ hasText: "Monthly" });
  await expect(soonRow.getByText(/^in \d days?$/)).toBeVisible();
  await expect(soonRow.getByText("Soon", { exact: true })).toBeVisible();
  await expect(laterRow.getByText("Soon", { exact: true })).toHaveCount(0);

  const response = await request.get("/api/v1/me", { headers: { "X-API-Key": soon.secret } });
  expect(response.headers()["latchkey-key-expiration"]).toBe(`${inDays(3)} 23:59:59 UTC`);
});

test("the list sorts and pages through the URL", async ({ page }) => {
  await signUp(page);
  for (const name of ["bravo", "alpha", "charlie"]) {
    await createKey(page, name);
    await copyAndDone(page);
  }
  await page.goto("/settings/api-keys");
  const names = () => page.getByRole("region", { name: "Active keys" }).locator("tbody tr td:first-child a").allTextContents();
  expect(await names()).toEqual(["charlie", "alpha", "bravo"]); // newest first
  await page.getByRole("link", { name: /^Name/ }).click();
  await expect(page).toHaveURL(/sort=name/);
  expect(await names()).toEqual(["alpha", "bravo", "charlie"]);
  await page.getByRole("link", { name: /^Name/ }).click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  expect(await names()).toEqual(["charlie", "bravo", "alpha"]);
  await page.getByRole("searchbox", { name: "Search keys" }).fill("a");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=a&sort=name&dir=desc/);
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
});

test("a key reported leaked is revoked at once and its owner sees a banner", async ({ page, request }) => {
  await signUp(page);
  const leaked = await createKey(page, "Pasted in a gist");
  await copyAndDone(page);
  const answer = await request.post("/api/v1/leaks", { data: { keys: [leaked.secret] } });
  expect(answer.status()).toBe(202);
  const noise = await request.post("/api/v1/leaks", { data: { keys: ["lk_nothing"] } });
  expect(await noise.text()).toBe(await answer.text());
  expect((await request.get("/api/v1/me", { headers: { "X-API-Key": leaked.secret } })).status()).toBe(401);
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("alert").filter({ hasText: "A key was reported leaked and revoked" })).toContainText("Pasted in a gist");
  await page.goto("/settings/security-log");
  await expect(page.getByText("Reported leaked").first()).toBeVisible();
});

test("revoking a key that created keys through the API offers to revoke them too, and does", async ({ page, request }) => {
  await signUp(page);
  const parent = await createKey(page, "Provisioner", { permission: "Read/Write" });
  await copyAndDone(page);
  const made = await request.post("/api/v1/keys", { headers: { "X-API-Key": parent.secret }, data: { name: "Made by the provisioner", expiry: "7", permission: "read" } });
  expect(made.status()).toBe(201);
  const child = (await made.json()) as { key: { sid: string }; secret: string };
  await page.goto(`/settings/api-keys/${child.key.sid}`);
  await expect(page.getByText(`by the API key ${parent.sid}`)).toBeVisible();

  await page.goto(`/settings/api-keys/${parent.sid}`);
  await page.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog");
  const alsoCreated = dialog.getByRole("checkbox", { name: /Also revoke the key it created through the API/ });
  await expect(alsoCreated).toBeChecked();
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("“Provisioner” was revoked, and 1 key with it.")).toBeVisible();
  expect((await request.get("/api/v1/me", { headers: { "X-API-Key": child.secret } })).status()).toBe(401);
});
