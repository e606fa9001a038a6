import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { outDir } from "./audit";
import { copyAndDone, createKey, newAccount, signIn, signUp } from "./helpers";

/** The accounts the page audit visits, set up through the UI as a person would. */

export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
type Sid = string;
export type Busy = {
  email: string;
  keys: { sync: Sid; reader: Sid; readerRolledInto: Sid; deploy: Sid; legacy: Sid };
  credentialId: string;
  webhookId: string;
};

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Signs in to the account of this kind set up earlier in this run, or sets it up. A failed test
 * restarts the worker (and its beforeAll); the account is not made twice. The file lives in the
 * output directory, which Playwright empties at the start of every run.
 */
export async function account<T extends { email: string }>(browser: Browser, kind: string, setUp: (page: Page) => Promise<T>) {
  const file = path.join(outDir(), `.account-${kind}.json`);
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  let data: T;
  if (fs.existsSync(file)) {
    data = JSON.parse(fs.readFileSync(file, "utf8")) as T;
    await page.goto("/sign-in");
    await signIn(page, data.email);
    await expect(page).toHaveURL(/\/settings\/api-keys$/);
  } else {
    data = await setUp(page);
    fs.mkdirSync(outDir(), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(data));
  }
  const storageState = await context.storageState();
  await context.close();
  return { data, storageState };
}

export const setUpEmpty = (page: Page) => signUp(page, newAccount("Ada Lovelace"));

/** Done on a reveal that was not copied: the leave guard asks, and we leave. */
export async function closeReveal(page: Page, testId: string) {
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("dialog").getByRole("button", { name: /without copying/ }).click();
  await expect(page.getByTestId(testId)).toHaveCount(0);
}

export async function revokeOpenKey(page: Page) {
  await page.getByRole("button", { name: "Revoke", exact: true }).click();
  await page.getByRole("dialog", { name: /^Revoke/ }).getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
}

export async function createWebhook(page: Page, name: string, url: string, credential?: string) {
  await page.goto("/settings/webhooks/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Endpoint URL").fill(url);
  if (credential) await page.getByLabel("Authentication").selectOption({ label: credential });
  await page.getByRole("button", { name: "Create webhook" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\/[a-z0-9]+$/);
  await expect(page.getByTestId("signing-secret")).toBeVisible();
  return page.url().split("/").pop()!;
}

async function addCredential(page: Page, name: string, type: string, fields: Record<string, string>) {
  await page.goto("/settings/credentials/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByText(type, { exact: true }).click();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel("Allowed hosts").fill("127.0.0.1");
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page).toHaveURL(/\/settings\/credentials$/);
}

/**
 * A month of use in a few seconds: a credential of each type, a webhook using one (before the
 * keys, so their events are delivered and logged), keys of every permission with
 * descriptions, one expiring in 3 days, one revoked, one rolled with a grace period, and
 * requests, so the usage chart and "Last used" have something to show. 4 active keys: the
 * limit is 5, and the reveal test needs one more. The webhook ends paused (see below).
 */
export function setUpBusy(receiverUrl: string) {
  return async (page: Page): Promise<Busy> => {
    test.setTimeout(120_000);
    const { email } = await signUp(page, newAccount("Grace Hopper"));
    await addCredential(page, "WhatsApp", "Bearer token", { Token: "tok-pages-bearer-A1b2c3d4e5" });
    await addCredential(page, "Orders API", "Basic auth", { Username: "orders-service", Password: "pw-pages-C3d4e5f6g7" });
    await addCredential(page, "Inventory", "API key in a header", { "Header name": "X-Inventory-Key", Value: "val-pages-E5f6g7h8i9" });
    await addCredential(page, "Maps", "API key in a query parameter", { Value: "qry-pages-G7h8i9j0k1" });
    const credentialId = (await page.getByRole("listitem", { name: "Orders API" }).getByRole("link").first().getAttribute("href"))!.split("/").pop()!;
    const webhookId = await createWebhook(page, "Deploy notifier", receiverUrl, "WhatsApp (Bearer token)");
    await closeReveal(page, "signing-secret");

    const sync = await createKey(page, "Production Sync", { description: "Nightly inventory export to the warehouse, every day at 02:00 UTC", expiry: "90 days", permission: "Read/Write" });
    await copyAndDone(page);
    const reader = await createKey(page, "Inventory reader", { description: "Read-only dashboard on the office TV", permission: "Read" });
    await copyAndDone(page);
    const deploy = await createKey(page, "Deploy hook", { description: "Temporary key for the CI migration", expiry: "Custom date", expiresOn: inDays(3), permission: "Write" });
    await copyAndDone(page);
    const legacy = await createKey(page, "Legacy importer", { description: "Replaced by Production Sync", permission: "Read" });
    await copyAndDone(page);
    await revokeOpenKey(page);

    await page.goto(`/settings/api-keys/${reader.sid}`);
    await page.getByRole("button", { name: "Roll key" }).click();
    const roll = page.getByRole("dialog", { name: /^Roll/ });
    await roll.getByText("1 hour", { exact: true }).click();
    await roll.getByRole("button", { name: "Roll key" }).click();
    await expect(page).not.toHaveURL(new RegExp(reader.sid));
    await expect(page.getByTestId("secret")).toBeVisible();
    const readerRolledInto = page.url().split("/").pop()!;
    await copyAndDone(page);

    // Every event delivered, then the webhook paused: a failed test restarts the worker and its
    // receiver, and later key events must not leave deliveries retrying to a closed port.
    await page.goto(`/settings/webhooks/${webhookId}`);
    await expect(page.getByText(/updating…/)).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByText(/Delivered/).first()).toBeVisible();
    await page.goto(`/settings/webhooks/${webhookId}/edit`);
    await page.getByLabel("Active: send new events to this endpoint").uncheck();
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(new RegExp(`/settings/webhooks/${webhookId}$`));

    const calls = Array.from({ length: 3 }, () => page.request.get("/api/v1/me", { headers: { Authorization: `ApiKey ${sync.secret}` } }));
    for (const response of await Promise.all(calls)) expect(response.status()).toBe(200);
    return { email, keys: { sync: sync.sid, reader: reader.sid, readerRolledInto, deploy: deploy.sid, legacy: legacy.sid }, credentialId, webhookId };
  };
}
