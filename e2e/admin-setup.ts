import { expect, type Page } from "@playwright/test";
import { writeDatabase } from "./database";
import { finishSignUp, newAccount, PASSWORD } from "./helpers";

/** The instance admin of the e2e server (LATCHKEY_ADMIN_EMAILS in playwright.config.ts). */
export const ADMIN_EMAIL = "e2e-admin@example.test";
/** Listed too, but never verified: not an admin. */
export const UNVERIFIED_ADMIN_EMAIL = "e2e-unverified-admin@example.test";

/**
 * Signs `page` up (or, when an earlier spec of this run did, in: sign-up answers the same
 * either way) as `email`, and marks the address verified as its mailed link would.
 */
export async function signUpAs(page: Page, email: string, name: string, verified: boolean) {
  const account = { ...newAccount(name), email, password: PASSWORD };
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await finishSignUp(page, account);
  if (verified) await writeDatabase(`UPDATE "User" SET "emailVerifiedAt" = $1 WHERE email = $2`, [new Date(), email]);
  return account;
}

/** The e2e server's instance admin, signed in on `page`, with the Admin link in the header. */
export async function signInAdmin(page: Page) {
  const account = await signUpAs(page, ADMIN_EMAIL, "Ada Admin", true);
  await page.reload();
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toBeVisible();
  return account;
}

/** As if the person had signed in long ago: the next sensitive action asks "Confirm it's you". */
export const ageSessions = (email: string) =>
  writeDatabase(`UPDATE "UserSession" SET "createdAt" = $1, "sudoUntil" = NULL WHERE "userId" = (SELECT id FROM "User" WHERE email = $2)`, [new Date(Date.now() - 3_600_000), email]);
