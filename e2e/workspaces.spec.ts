import { expect, test, type Page } from "@playwright/test";
import { copyAndDone, createKey, newAccount, signUp } from "./helpers";

/** The slug the current URL names (/w/<slug>/...). */
const slugOf = (page: Page) => new URL(page.url()).pathname.split("/")[2];

async function createWorkspace(page: Page, name: string) {
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitem", { name: "+ Create workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Create workspace" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  // The new workspace's slug starts with its name.
  const prefix = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await expect(page).toHaveURL(new RegExp(`/w/${prefix}-[a-z0-9]{6}/settings/api-keys$`));
}

test("sign-up makes a workspace; the URL names it; a second workspace has its own keys; two tabs show two workspaces", async ({ page, context }) => {
  await signUp(page, newAccount("Alice Example"));
  await expect(page).toHaveURL(/\/w\/alice-example-s-workspace-[a-z0-9]{6}\/settings\/api-keys$/);
  const first = slugOf(page);
  await expect(page.getByRole("button", { name: /Workspace: Alice Example’s workspace/ })).toBeVisible();
  const { sid } = await createKey(page, "First workspace key");
  await copyAndDone(page);
  expect(new URL(page.url()).pathname).toBe(`/w/${first}/settings/api-keys/${sid}`);

  // A validation error in the dialog, then a second workspace: empty, and the URL names it.
  await page.goto(`/w/${first}/settings/api-keys`);
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await page.getByRole("menuitem", { name: "+ Create workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Create workspace" });
  await dialog.getByRole("button", { name: "Create workspace" }).click();
  await expect(dialog.getByText("Enter a name for the workspace.")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await createWorkspace(page, "Acme Production");
  const second = slugOf(page);
  expect(second).toMatch(/^acme-production-[a-z0-9]{6}$/);
  await expect(page.getByRole("button", { name: /Workspace: Acme Production/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "First workspace key" })).toHaveCount(0);

  // The first workspace's key is not in the second: its page there is a 404.
  const missing = await page.goto(`/w/${second}/settings/api-keys/${sid}`);
  expect(missing?.status()).toBe(404);

  // Two tabs, two workspaces: each keeps its own, and links stay inside it.
  const other = await context.newPage();
  await other.goto(`/w/${first}/settings/api-keys`);
  await expect(other.getByRole("link", { name: "First workspace key" })).toBeVisible();
  await other.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(other).toHaveURL(`/w/${first}/settings/webhooks`);
  await page.reload();
  await expect(page.getByRole("button", { name: /Workspace: Acme Production/ })).toBeVisible();

  // The switcher lists both and goes to the one chosen.
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await expect(page.getByRole("menuitem", { name: /Acme Production/ })).toHaveAttribute("aria-current", "page");
  await page.getByRole("menuitem", { name: /Alice Example’s workspace/ }).click();
  await expect(page).toHaveURL(`/w/${first}/settings/api-keys`);

  // Renaming keeps the address.
  await page.goto(`/w/${second}/settings/workspace`);
  await page.getByLabel("Name", { exact: true }).fill("Acme Prod");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Renamed to “Acme Prod”.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Workspace: Acme Prod\s*, your role: Owner/ })).toBeVisible();
  expect(slugOf(page)).toBe(second);

  // /settings/... without a workspace goes to the one last opened.
  await page.goto("/settings/webhooks");
  await expect(page).toHaveURL(`/w/${second}/settings/webhooks`);
});

test("someone else's workspace is a 404, exactly like one that does not exist; a forged workspace header changes nothing", async ({ page, browser }) => {
  await signUp(page);
  const alices = slugOf(page);
  const { sid } = await createKey(page, "Alice's key");
  await copyAndDone(page);

  const bob = await (await browser.newContext()).newPage();
  await signUp(bob, newAccount("Bob"));
  for (const path of [`/w/${alices}/settings/api-keys`, `/w/${alices}/settings/api-keys/${sid}`, `/w/${alices}/settings/members`, `/w/${alices}`]) {
    const response = await bob.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(bob.getByText("Alice's key")).toHaveCount(0);
  }
  const unknown = await bob.goto("/w/no-such-workspace-000000/settings/api-keys");
  expect(unknown?.status()).toBe(404);

  // The header proxy.ts sets is not the client's to set: Bob's own page, with Alice's slug forged in.
  const forged = await bob.request.get(`/settings/api-keys`, { headers: { "x-latchkey-workspace": alices } });
  expect(await forged.text()).not.toContain("Alice&#x27;s key");
  expect(await forged.text()).not.toContain("Alice's key");
});
