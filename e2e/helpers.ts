import { randomBytes } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";

export function newAccount(name = "Ada Lovelace") {
  return { name, email: `e2e-${randomBytes(5).toString("hex")}@example.test`, password: PASSWORD };
}

export async function signUp(page: Page, account = newAccount()) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await finishSignUp(page, account);
  return account;
}

/**
 * After "Create account": the form answers "Check your inbox" (the same for a taken address,
 * so it never signs in by itself); its "Sign in" link leads on, and signing in returns to
 * where the sign-up was meant to lead (the e2e server does not require a verified address).
 */
export async function finishSignUp(page: Page, account: { email: string; password: string }, landing: RegExp | string = /\/settings\/api-keys$/) {
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Sign in to Latchkey" })).toBeVisible();
  await signIn(page, account.email, account.password);
  await expect(page).toHaveURL(landing);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A second browser (its own cookies) signed in to the same account. */
export async function signInElsewhere(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-in");
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  return page;
}

/** Creates a key through the form and returns its sid and the one-time secret. */
type KeyOptions = { description?: string; expiry?: string; expiresOn?: string; permission?: "Read" | "Write" | "Read/Write" };

export async function createKey(page: Page, name: string, options: KeyOptions = {}) {
  await page.goto("/settings/api-keys/new");
  await page.getByLabel("Name").fill(name);
  if (options.description) await page.getByLabel("Description (optional)").fill(options.description);
  if (options.expiry) await page.getByText(options.expiry, { exact: true }).click();
  if (options.expiresOn) await page.getByLabel("Expires on (end of day, UTC)").fill(options.expiresOn);
  if (options.permission) await page.getByText(options.permission, { exact: true }).click();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys\/key_[0-9A-Za-z]{16}$/);
  const secret = (await page.getByTestId("secret").textContent())!.trim();
  expect(secret).toMatch(/^lk_[0-9A-Za-z]{38}$/);
  const sid = page.url().split("/").pop()!;
  return { sid, secret };
}

/** Closes the reveal: copy first, so no "not copied" confirmation. */
export async function copyAndDone(page: Page) {
  await page.getByRole("button", { name: "Copy API key" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("secret")).toHaveCount(0);
}

/**
 * Another server.mjs on the e2e database, with the e2e server's secrets and `env` on top (an
 * undefined value removes a variable): for tests that need a setting the shared server does
 * not have, such as a trusted proxy in front or the production failed-check budget.
 */
export async function startSecondServer(env: Record<string, string | undefined>) {
  const { startInstance } = await import("../tests/cluster/server");
  return startInstance({
    DATABASE_URL: process.env.E2E_DATABASE_URL!,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-nextauth-secret-0123456789abcdef0123456789",
    KEY_PEPPER: process.env.KEY_PEPPER ?? "e2e-key-pepper-0123456789abcdef0123456789abcdef",
    ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? "e1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    ENCRYPTION_KEY_ID: process.env.ENCRYPTION_KEY_ID ?? "e1",
    ...env,
  });
}

/**
 * Fills "Confirm it's you" (sudo mode) when a sensitive action asks for it, and waits for it
 * to close; returns whether it appeared within `timeout`. A fresh sign-in counts as confirmed,
 * so most flows never see it: call this after a sensitive action only where a test may be past
 * the window.
 */
export async function confirmIdentity(page: Page, password = PASSWORD, timeout = 2_000): Promise<boolean> {
  const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
  try {
    await dialog.waitFor({ state: "visible", timeout });
  } catch {
    return false;
  }
  // People with a passkey or an authenticator app are offered those first.
  const usePassword = dialog.getByRole("button", { name: "Use your password" });
  if (await usePassword.isVisible()) await usePassword.click();
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog).toBeHidden();
  return true;
}
