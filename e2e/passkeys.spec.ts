import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { LIGHT, sweep } from "./audit";
import { ageSessions } from "./database";
import { newAccount, signIn, signUp } from "./helpers";

/**
 * Passkeys with Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain):
 * register one, sign out, sign in with it and no password, see "Last used", remove it, and
 * watch the same authenticator be refused.
 *
 * The e2e server's NEXTAUTH_URL is http://127.0.0.1:<port>, and browsers refuse an IP address
 * as a relying party ID. lib/auth/webauthn.ts therefore also accepts "localhost" on the same
 * scheme and port when NEXTAUTH_URL is a loopback address, so this spec browses the same server
 * as http://localhost:<port> (a secure context, and a valid RP ID). The page audit runs at
 * 127.0.0.1, where "Add a passkey" must say why it cannot work there.
 */
const PORT = process.env.E2E_PORT;
const LOCAL = `http://localhost:${PORT}`;
const LOOPBACK_IP = `http://127.0.0.1:${PORT}`;
test.use({ baseURL: LOCAL });
test.describe.configure({ timeout: 150_000 });

const SHOTS = "/tmp/shots-passkey";
fs.mkdirSync(SHOTS, { recursive: true });
async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 1440 ? 900 : 844 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

const passkeyRows = (page: Page) => page.getByTestId("passkey-row");

test("a passkey registers, signs in without a password, shows its last use, and stops working once removed", async ({ page }) => {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  const account = await signUp(page, newAccount("Grace Hopper"));
  const security = new URL(page.url()).pathname.replace(/api-keys$/, "security");

  await page.goto(security);
  await expect(page.getByText("No passkeys yet")).toBeVisible();
  await shoot(page, "security-empty");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const naming = page.getByRole("dialog", { name: "Name your new passkey" });
  await expect(naming).toBeVisible();
  await expect(naming.getByLabel("Passkey name")).toHaveValue(/^Chrome on /);
  await shoot(page, "security-name-dialog");
  await naming.getByLabel("Passkey name").fill("Grace's laptop");
  await naming.getByRole("button", { name: "Save name" }).click();
  await expect(naming).toBeHidden();
  await expect(passkeyRows(page)).toHaveCount(1);
  await expect(passkeyRows(page)).toContainText("Grace's laptop");
  await expect(passkeyRows(page)).toContainText("Never used");
  // The authenticator holds a discoverable credential for "localhost": what lets it sign in with no email.
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/sign-in");
  await shoot(page, "sign-in-with-passkey");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
  expect(page.url().startsWith(LOCAL)).toBe(true);

  await page.goto(security);
  await expect(passkeyRows(page)).toContainText("Last used");
  await expect(passkeyRows(page)).not.toContainText("Never used");
  await shoot(page, "security-with-passkey");

  // Rename from the row, then remove with confirmation.
  await page.getByRole("button", { name: "Rename Grace's laptop" }).click();
  const rename = page.getByRole("dialog", { name: "Rename Grace's laptop" });
  await rename.getByLabel("Passkey name").fill("Old laptop");
  await rename.getByRole("button", { name: "Save name" }).click();
  await expect(passkeyRows(page)).toContainText("Old laptop");
  // Past the re-authentication window, removing it asks "Confirm it's you", passkey first.
  await ageSessions(account.email);
  await page.reload();
  await page.getByRole("button", { name: "Remove Old laptop" }).click();
  const confirm = page.getByRole("dialog", { name: "Remove Old laptop?" });
  await shoot(page, "security-remove-dialog");
  await confirm.getByRole("button", { name: "Remove passkey" }).click();
  const reauth = page.getByRole("dialog", { name: "Confirm it's you" });
  await expect(reauth.getByRole("button", { name: "Use a passkey" })).toBeFocused();
  await expect(reauth.getByRole("button", { name: "Use your password" })).toBeVisible();
  await shoot(page, "reauth-passkey");
  await reauth.getByRole("button", { name: "Use a passkey" }).click();
  await expect(reauth).toBeHidden();
  await expect(page.getByText("No passkeys yet")).toBeVisible();

  // The authenticator still has the key; the server no longer knows it.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.locator("[data-form-error]")).toHaveText("That passkey is not registered to any account here. It may have been removed.");
  await expect(page).toHaveURL(/\/sign-in/);
  await shoot(page, "sign-in-passkey-refused");

  // The password still works.
  await signIn(page, account.email);
  await expect(page).toHaveURL(/\/settings\/api-keys$/);
});

test("at an IP address the Security page says passkeys need a domain name, and passes the page audit", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: LOOPBACK_IP });
  const page = await context.newPage();
  try {
    await signUp(page, newAccount("Ada Lovelace"));
    const security = `${LOOPBACK_IP}${new URL(page.url()).pathname.replace(/api-keys$/, "security")}`;
    await page.goto(security);
    await expect(page.getByRole("status").filter({ hasText: "Passkeys need this site opened at its domain name, not an IP address." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add a passkey" })).toBeDisabled();
    await shoot(page, "security-ip-address");
    await sweep(page, {
      state: "security-passkeys",
      themes: [LIGHT],
      open: async (p) => {
        await p.goto(security);
        await expect(p.getByRole("heading", { name: "Passkeys", exact: true })).toBeVisible();
      },
    });
  } finally {
    await context.close();
  }
});
