import { expect, test } from "@playwright/test";
import { dumpDatabase } from "./database";
import { signUp } from "./helpers";

const SECRETS = { token: "tok-e2e-SECRET-bearer-A1b2", username: "USER-e2e-in-clear", password: "pw-e2e-SECRET-C3d4", value: "val-e2e-SECRET-E5f6", query: "qry-e2e-SECRET-G7h8" };

test("credentials: add each type, see only masked hints, edit keeping and replacing, delete with confirmation", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Credentials" }).click();
  await expect(page.getByText("No credentials yet")).toBeVisible();
  await expect(page.getByText("0 of 10 credentials used")).toBeVisible();

  const add = async (name: string, type: string, fill: () => Promise<void>) => {
    await page.goto("/settings/credentials/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByText(type, { exact: true }).click();
    await fill();
    await page.getByRole("button", { name: "Save credential" }).click();
    await expect(page).toHaveURL(/\/settings\/credentials$/);
  };
  await add("WhatsApp", "Bearer token", async () => {
    await page.getByLabel("Token", { exact: true }).fill(SECRETS.token);
    // The eye toggle reveals only what is being typed.
    await expect(page.getByLabel("Token", { exact: true })).toHaveAttribute("type", "password");
    await page.getByRole("button", { name: "Show token" }).click();
    await expect(page.getByLabel("Token", { exact: true })).toHaveAttribute("type", "text");
  });
  await add("Orders API", "Basic auth", async () => {
    await page.getByLabel("Username", { exact: true }).fill(SECRETS.username);
    await page.getByLabel("Password", { exact: true }).fill(SECRETS.password);
  });
  await add("Inventory", "API key in a header", async () => {
    await page.getByLabel("Header name").fill("X-Inventory-Key");
    await page.getByLabel("Value", { exact: true }).fill(SECRETS.value);
  });
  await add("Maps", "API key in a query parameter", async () => {
    await expect(page.getByLabel("Query parameter name")).toHaveValue("api_key");
    await page.getByLabel("Query parameter name").fill("key");
    await page.getByLabel("Value", { exact: true }).fill(SECRETS.query);
  });

  // Validation: a missing secret is named beside its field.
  await page.goto("/settings/credentials/new");
  await page.getByLabel("Name", { exact: true }).fill("Empty");
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page.getByText("Enter the token.")).toBeVisible();

  await page.goto("/settings/credentials");
  await expect(page.getByText("4 of 10 credentials used")).toBeVisible();
  await expect(page.getByLabel("Secret ending in A1b2")).toBeVisible();
  await expect(page.getByLabel("Secret ending in C3d4")).toBeVisible();
  await expect(page.getByLabel("Secret ending in E5f6")).toBeVisible();
  await expect(page.getByLabel("Secret ending in G7h8")).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Maps" }).getByText("API key in a query parameter")).toBeVisible();

  // Edit: empty keeps the stored secret, a typed one replaces it.
  await page.getByRole("listitem", { name: "Orders API" }).getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Username", { exact: true })).toHaveValue("");
  await expect(page.getByText("Leave empty to keep the stored one (ends in C3d4).").first()).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Orders API v2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Secret ending in C3d4")).toBeVisible();
  await page.getByRole("listitem", { name: "Orders API v2" }).getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Password", { exact: true }).fill("pw-e2e-REPLACED-Z9y8");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByLabel("Secret ending in Z9y8")).toBeVisible();

  // Nothing secret in any page or RSC payload, nor in the database in clear.
  for (const path of ["/settings/credentials", "/settings/credentials/new", ...(await page.locator('a[href^="/settings/credentials/c"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!)))]) {
    for (const headers of [{}, { RSC: "1" }] as Array<Record<string, string>>) {
      const text = await (await page.request.get(path, { headers })).text();
      for (const secret of [...Object.values(SECRETS), "pw-e2e-REPLACED"]) expect(text, `${path}`).not.toContain(secret);
    }
  }
  const dump = await dumpDatabase();
  for (const secret of [...Object.values(SECRETS), "pw-e2e-REPLACED"]) expect(dump).not.toContain(secret);

  // Delete behind an inline confirmation.
  const card = page.getByRole("listitem", { name: "Inventory" });
  await card.getByRole("button", { name: "Delete Inventory" }).click();
  await expect(card.getByText("Delete this credential? Integrations using it will stop working.")).toBeVisible();
  await card.getByRole("button", { name: "Delete credential" }).click();
  await expect(page.getByText("Credential deleted.")).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Inventory" })).toHaveCount(0);
  await expect(page.getByText("3 of 10 credentials used")).toBeVisible();
});

test("another user's credential is a 404", async ({ page, browser }) => {
  await signUp(page);
  await page.goto("/settings/credentials/new");
  await page.getByLabel("Name", { exact: true }).fill("Private");
  await page.getByLabel("Token", { exact: true }).fill("private-token-1234");
  await page.getByRole("button", { name: "Save credential" }).click();
  const href = await page.getByRole("listitem", { name: "Private" }).getByRole("link", { name: "Edit" }).getAttribute("href");
  const other = await browser.newContext();
  const bob = await other.newPage();
  await signUp(bob, { name: "Bob", email: `bob-cred-${Date.now()}@example.test`, password: "correct horse battery" });
  expect((await bob.goto(href!))?.status()).toBe(404);
  await other.close();
});
