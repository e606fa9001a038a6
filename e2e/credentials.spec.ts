import { expect, test, type Page } from "@playwright/test";
import { dumpDatabase } from "./database";
import { signUp } from "./helpers";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
// Long journeys on a machine shared with others.
test.describe.configure({ timeout: 180_000 });

const SECRETS = { token: "tok-e2e-SECRET-bearer-A1b2", username: "USER-e2e-in-clear", password: "pw-e2e-SECRET-C3d4", value: "val-e2e-SECRET-E5f6", query: "qry-e2e-SECRET-G7h8" };
// 11 characters: too short for any of it to be shown.
const SHORT = "Sh0rt!Wq9Zx";

/** Said to screen readers: the message is in a polite live region (the toaster is one). */
const announced = (page: Page, message: string) => expect(page.locator('[aria-live="polite"]').getByText(message, { exact: true }).first()).toBeAttached();
const row = (page: Page, name: string) => page.getByRole("listitem", { name });
const openMenu = (page: Page, name: string) => row(page, name).getByRole("button", { name: `Actions for ${name}` }).click();

async function add(page: Page, name: string, type: string, fill: () => Promise<void>) {
  await page.goto("/settings/credentials/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByText(type, { exact: true }).click();
  await fill();
  await page.getByLabel("Allowed hosts").fill("api.example.com");
  await page.getByRole("button", { name: "Save credential" }).click();
  // Saved: said out loud (a toast, while it lasts), and focus is on the new row.
  await announced(page, "Credential saved.");
  await expect(page).toHaveURL(/\/settings\/credentials$/);
  await expect(row(page, name)).toBeFocused();
}

test("credentials: add each type, see only safe hints, edit keeping and replacing, delete with confirmation", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Credentials" }).click();
  await expect(page.getByText("No credentials yet")).toBeVisible();
  await expect(page.getByText("0 of 10 credentials · Default")).toBeVisible();

  await add(page, "WhatsApp", "Bearer token", async () => {
    await page.getByLabel("Token", { exact: true }).fill(SECRETS.token);
    // The eye toggle reveals only what is being typed.
    await expect(page.getByLabel("Token", { exact: true })).toHaveAttribute("type", "password");
    await page.getByRole("button", { name: "Show token" }).click();
    await expect(page.getByLabel("Token", { exact: true })).toHaveAttribute("type", "text");
  });
  await add(page, "Orders API", "Basic auth", async () => {
    await page.getByLabel("Username", { exact: true }).fill(SECRETS.username);
    await page.getByLabel("Password", { exact: true }).fill(SECRETS.password);
  });
  await add(page, "Inventory", "API key in a header", async () => {
    await page.getByLabel("Header name").fill("X-Inventory-Key");
    await page.getByLabel("Value", { exact: true }).fill(SECRETS.value);
  });
  await add(page, "Maps", "API key in a query parameter", async () => {
    await expect(page.getByLabel("Query parameter name")).toHaveValue("api_key");
    await page.getByLabel("Query parameter name").fill("key");
    await page.getByLabel("Value", { exact: true }).fill(SECRETS.query);
  });

  await expect(page.getByText("4 of 10 credentials · Default")).toBeVisible();
  await expect(row(page, "WhatsApp").getByLabel("Secret ending in A1b2")).toBeVisible();
  await expect(row(page, "Inventory").getByLabel("Secret ending in E5f6")).toBeVisible();
  await expect(row(page, "Maps").getByLabel("Secret ending in G7h8")).toBeVisible();
  // A Basic credential never hints at its password.
  await expect(row(page, "Orders API").getByLabel("Secret, no characters shown")).toBeVisible();
  await expect(page.getByText("C3d4")).toHaveCount(0);
  await expect(row(page, "Maps").getByText("Query parameter")).toBeVisible();
  await expect(row(page, "Maps").getByText("key", { exact: true })).toBeVisible();
  await expect(row(page, "WhatsApp").getByText("Not used by any webhook")).toBeVisible();
  // Times are relative, with the absolute UTC time on focus.
  const updated = row(page, "WhatsApp").locator("time");
  await expect(updated).toHaveText("just now");
  await updated.focus();
  await expect(row(page, "WhatsApp").getByRole("tooltip")).toBeVisible();
  await expect(row(page, "WhatsApp").getByRole("tooltip")).toHaveText(/ UTC$/);

  // Edit from the row menu: empty keeps the stored secret, a typed one replaces it.
  await openMenu(page, "Orders API");
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Orders API" })).toBeVisible();
  await expect(page.getByLabel("Username", { exact: true })).toHaveValue("");
  await expect(page.getByText("Leave empty to keep the stored one.").first()).toBeVisible();
  await expect(page.getByText("Nothing of a Basic username or password is ever shown again.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Orders API v2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await announced(page, "Credential updated.");
  await expect(row(page, "Orders API v2")).toBeFocused();
  await row(page, "Orders API v2").getByRole("link", { name: "Orders API v2" }).click();
  await page.getByLabel("Password", { exact: true }).fill("pw-e2e-REPLACED-Z9y8");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(row(page, "Orders API v2").getByLabel("Secret, no characters shown")).toBeVisible();
  await expect(page.getByText("Z9y8")).toHaveCount(0);

  // Nothing secret in any page or RSC payload, nor in the database in clear.
  for (const path of ["/settings/credentials", "/settings/credentials/new", ...(await page.locator('a[href*="/settings/credentials/c"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!)))]) {
    for (const headers of [{}, { RSC: "1" }] as Array<Record<string, string>>) {
      const text = await (await page.request.get(path, { headers })).text();
      for (const secret of [...Object.values(SECRETS), "pw-e2e-REPLACED"]) expect(text, `${path}`).not.toContain(secret);
      for (const tail of ["C3d4", "Z9y8"]) expect(text, `${path} hints at a Basic password`).not.toContain(tail);
    }
  }
  const dump = await dumpDatabase();
  for (const secret of [...Object.values(SECRETS), "pw-e2e-REPLACED"]) expect(dump).not.toContain(secret);

  // Copy ID from the row menu.
  const id = (await row(page, "Inventory").getByRole("link", { name: "Inventory" }).getAttribute("href"))!.split("/").pop()!;
  await openMenu(page, "Inventory");
  await page.getByRole("menuitem", { name: "Copy ID" }).click();
  await announced(page, "ID copied to clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);

  // Delete behind an inline confirmation; Escape backs out to the row's menu button.
  const card = row(page, "Inventory");
  const menuButton = card.getByRole("button", { name: "Actions for Inventory" });
  await menuButton.click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await expect(card.getByText("Delete this credential? Integrations using it will stop working.")).toBeVisible();
  await expect(card.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(card.getByRole("group", { name: "Confirm deleting Inventory" })).toHaveCount(0);
  await expect(menuButton).toBeFocused();
  // By keyboard alone this time: Enter opens the menu on Edit, End jumps to Delete.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Edit" })).toBeFocused();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await card.getByRole("button", { name: "Delete credential" }).click();
  await announced(page, "Credential deleted.");
  await expect(row(page, "Inventory")).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: "Credentials" })).toBeFocused();
  await expect(page.getByText("3 of 10 credentials · Default")).toBeVisible();
});

test("a secret shorter than 12 characters shows no character at all, anywhere", async ({ page }) => {
  await signUp(page);
  await add(page, "Short one", "API key in a header", async () => {
    await page.getByLabel("Value", { exact: true }).fill(SHORT);
  });
  await expect(row(page, "Short one").getByLabel("Secret, no characters shown")).toBeVisible();
  const href = (await row(page, "Short one").getByRole("link", { name: "Short one" }).getAttribute("href"))!;
  await page.goto(href);
  await expect(page.getByText("Nothing of a secret shorter than 12 characters is ever shown again.")).toBeVisible();
  await expect(page.getByText("Leave empty to keep the stored one.")).toBeVisible();
  for (const path of ["/settings/credentials", href]) {
    for (const headers of [{}, { RSC: "1" }] as Array<Record<string, string>>) {
      const text = await (await page.request.get(path, { headers })).text();
      expect(text, path).not.toContain(SHORT.slice(-4));
    }
  }
});

test("a failed save shows every error at once, focuses the first, and each clears when fixed", async ({ page }) => {
  await signUp(page);
  await page.goto("/settings/credentials/new");
  await page.getByText("Basic auth", { exact: true }).click();
  await page.getByRole("button", { name: "Save credential" }).click();
  // The name (the schema's) and both secrets (the type's) in one answer.
  await expect(page.getByText("Enter a name.")).toBeVisible();
  await expect(page.getByText("Enter the username.")).toBeVisible();
  await expect(page.getByText("Enter the password.")).toBeVisible();
  await expect(page.getByText("Enter at least one host this credential may be sent to")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
  await page.getByLabel("Name", { exact: true }).fill("Payments");
  await expect(page.getByText("Enter a name.")).toHaveCount(0);
  await expect(page.getByText("Enter the username.")).toBeVisible();
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page.getByLabel("Username", { exact: true })).toBeFocused();
  await expect(page.getByLabel("Username", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Username", { exact: true }).fill("payments-service");
  await page.getByLabel("Password", { exact: true }).fill("a password long enough");
  await page.getByLabel("Allowed hosts").fill("https://payments.example.com/v1");
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page.getByText("is not a host")).toBeVisible();
  await page.getByLabel("Allowed hosts").fill("payments.example.com");
  await expect(page.getByText("Enter the username.")).toHaveCount(0);
  await expect(page.getByText("Enter the password.")).toHaveCount(0);
  await page.getByRole("button", { name: "Save credential" }).click();
  await announced(page, "Credential saved.");
});

test("the credential pages never scroll sideways on a phone", async ({ page }) => {
  await signUp(page);
  await add(page, "A credential with a rather long name for a small screen", "API key in a header", async () => {
    await page.getByLabel("Header name").fill("X-A-Very-Long-Header-Name-For-Testing-Wrapping");
    await page.getByLabel("Value", { exact: true }).fill("val-e2e-phone-0123456789");
  });
  const detail = (await page.locator('a[href*="/settings/credentials/c"]').first().getAttribute("href"))!;
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of ["/settings/credentials", detail, "/settings/credentials/new"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(clientWidth);
    }
  }
});

test("another user's credential is a 404", async ({ page, browser }) => {
  await signUp(page);
  await page.goto("/settings/credentials/new");
  await page.getByLabel("Name", { exact: true }).fill("Private");
  await page.getByLabel("Token", { exact: true }).fill("private-token-1234");
  await page.getByLabel("Allowed hosts").fill("api.example.com");
  await page.getByRole("button", { name: "Save credential" }).click();
  const href = await row(page, "Private").getByRole("link", { name: "Private" }).getAttribute("href");
  const other = await browser.newContext();
  const bob = await other.newPage();
  await signUp(bob, { name: "Bob", email: `bob-cred-${Date.now()}@example.test`, password: "correct horse battery" });
  expect((await bob.goto(href!))?.status()).toBe(404);
  await other.close();
});
