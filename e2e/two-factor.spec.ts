import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { ageSessions } from "./database";
import { createKey, signIn, signUp } from "./helpers";

// Screenshots of the pages this spec drives, at a desktop and a phone width.
const SHOTS = process.env.SHOTS_DIR ?? "/tmp/shots-2fa";
mkdirSync(SHOTS, { recursive: true });
async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  // Each state this spec reaches (pages.spec.ts audits only the page as it loads): nothing serious for axe-core.
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`), name).toEqual([]);
}

/** The code an authenticator app shows, `steps` 30-second steps from now, computed from the key the page showed. */
const codeFor = (secret: string, steps = 0) =>
  new TOTP({ algorithm: "SHA1", digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

/** The password step in a fresh browser; leaves it on the second step. */
async function passwordStep(browser: Browser, email: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/sign-in");
  await signIn(page, email);
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await expect(page.getByText("Enter the code from your authenticator app.")).toBeVisible();
  return page;
}

async function enterCode(page: Page, code: string, label = "Authentication code") {
  await page.getByLabel(label).fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("two-factor sign-in: set up with a code, sign in with a code, a replay refused, a backup code once, and the session list", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const account = await signUp(page);

  // Set up: the key shown on the page is what the "app" (otpauth here) computes codes from.
  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Security", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await shoot(page, "security-setup");
  await page.getByLabel("Code from the app").fill("000000" === codeFor(secret) ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("That code is not right.")).toBeVisible();
  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByRole("list", { name: "Backup codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const backupCodes = (await codes.allTextContents()).map((c) => c.trim());
  for (const code of backupCodes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  await shoot(page, "security-backup-codes");
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText("10 unused backup codes left.")).toBeVisible();
  // The page itself never renders the key or the codes: a reload shows neither.
  await page.reload();
  expect(await page.content()).not.toContain(secret);
  for (const code of backupCodes) expect(await page.content()).not.toContain(code);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // Password, then a code from the app (the next step's: the setup used this one).
  const laptop = await passwordStep(browser, account.email);
  await shoot(laptop, "sign-in-second-factor");
  const code = codeFor(secret, 1);
  const signInStep = Math.floor(Date.now() / 30_000) + 1;
  await enterCode(laptop, code);
  await expect(laptop).toHaveURL(/\/settings\/api-keys$/);

  // The same code again, in another browser: refused, and no session.
  const replay = await passwordStep(browser, account.email);
  await enterCode(replay, code);
  await expect(replay.getByText("That code is not right.")).toBeVisible();
  await replay.goto("/settings/api-keys");
  await expect(replay).toHaveURL(/\/sign-in/);

  // A backup code signs in once.
  const phone = await passwordStep(browser, account.email);
  await phone.getByRole("button", { name: "Use a backup code instead" }).click();
  await shoot(phone, "sign-in-backup-code");
  await enterCode(phone, backupCodes[0], "Backup code");
  await expect(phone).toHaveURL(/\/settings\/api-keys$/);
  const again = await passwordStep(browser, account.email);
  await again.getByRole("button", { name: "Use a backup code instead" }).click();
  await enterCode(again, backupCodes[0], "Backup code");
  await expect(again.getByText("That backup code is not right, or was already used.")).toBeVisible();

  // Turning off asks for a code or the password (cancelled here).
  await laptop.goto("/settings/security");
  await laptop.getByRole("button", { name: "Turn off", exact: true }).click();
  await expect(laptop.getByRole("dialog", { name: "Turn off two-factor sign-in?" })).toBeVisible();
  await shoot(laptop, "security-turn-off-dialog");
  await laptop.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  // The session list shows both browsers; signing the phone out ends its session.
  await laptop.goto("/settings/security");
  const rows = laptop.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Password and authenticator app" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Password and backup code" })).toHaveCount(1);
  await expect(laptop.getByText("9 unused backup codes left.")).toBeVisible();
  await shoot(laptop, "security-sessions");
  await rows.filter({ hasNotText: "This device" }).getByRole("button", { name: /^Sign out / }).click();
  await expect(rows).toHaveCount(1);
  await phone.goto("/settings/api-keys");
  await expect(phone).toHaveURL(/\/sign-in/);
  await laptop.reload();
  await expect(laptop.getByRole("heading", { name: "Security", exact: true })).toBeVisible();

  // Sudo mode with the authenticator app: past the window, revoking a key asks for a code first
  // (a backup code is refused there), and the password stays on offer.
  const key = await createKey(laptop, "Confirm with a code");
  await ageSessions(account.email);
  await laptop.goto(`/settings/api-keys/${key.sid}`);
  await laptop.getByRole("button", { name: "Revoke" }).click();
  await laptop.getByRole("dialog", { name: "Revoke “Confirm with a code”?" }).getByRole("button", { name: "Revoke key" }).click();
  const reauth = laptop.getByRole("dialog", { name: "Confirm it's you" });
  await expect(reauth.getByLabel("Authentication code")).toBeFocused();
  await expect(reauth.getByRole("button", { name: "Use your password" })).toBeVisible();
  await shoot(laptop, "reauth-authenticator");
  await reauth.getByLabel("Authentication code").fill(backupCodes[1]);
  await reauth.getByRole("button", { name: "Confirm" }).click();
  await expect(reauth.getByText("Enter the 6-digit code from your authenticator app.").first()).toBeVisible();
  // The code must be newer than the one sign-in used: wait for the step after it to begin.
  while (Math.floor(Date.now() / 30_000) < signInStep) await laptop.waitForTimeout(1_000);
  await reauth.getByLabel("Authentication code").fill(codeFor(secret, 1));
  await reauth.getByRole("button", { name: "Confirm" }).click();
  await expect(laptop.getByText("“Confirm with a code” was revoked.")).toBeVisible();
  await expect(reauth).toBeHidden();
});
