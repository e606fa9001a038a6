import { expect, test, type Page } from "@playwright/test";
import { ageSessions, writeDatabase } from "./database";
import { confirmIdentity, createKey, PASSWORD, signUp } from "./helpers";

// Sudo mode in the browser: a sensitive action past the re-authentication window asks
// "Confirm it's you", keeps what the person was doing, and sends it again once confirmed.

const SHOTS = "/tmp/shots-sudo";
// Several sign-ups, keys and dialogs per test on a machine shared with other builds.
test.setTimeout(120_000);

/** As if the person had set up an authenticator app (that flow is tested with its own page). */
const setTwoFactor = (email: string) => writeDatabase(`UPDATE "User" SET "totpEnabledAt" = $1 WHERE email = $2`, [new Date(), email]);

const reauthDialog = (page: Page) => page.getByRole("dialog", { name: "Confirm it's you" });

test("revoking a key asks to confirm; cancel changes nothing; a wrong password is refused inline; the next sensitive action does not ask again", async ({ page }) => {
  const account = await signUp(page);
  const first = await createKey(page, "First key");
  const second = await createKey(page, "Second key");
  await ageSessions(account.email);

  await page.goto(`/settings/api-keys/${first.sid}`);
  await page.getByRole("button", { name: "Revoke" }).click();
  const revoke = page.getByRole("dialog", { name: "Revoke “First key”?" });
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  const dialog = reauthDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Password")).toBeFocused();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/reauth-dialog-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });

  // Escape cancels: back to the revoke dialog, focus on its button, the key untouched.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(revoke).toBeVisible();
  await expect(revoke.getByRole("button", { name: "Revoke key" })).toBeFocused();
  await expect(page.getByText("was revoked")).toHaveCount(0);

  // A wrong password: said at the field, nothing revoked, the dialog stays.
  await revoke.getByRole("button", { name: "Revoke key" }).click();
  await dialog.getByLabel("Password").fill("not my password");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(dialog.getByText("That password is not correct.")).toBeVisible();
  await expect(dialog.getByLabel("Password")).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/reauth-dialog-error-1280.png` });

  // The right one: the revoke goes through by itself.
  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("“First key” was revoked.")).toBeVisible();
  await expect(dialog).toBeHidden();

  // Within the window: no dialog.
  await page.goto(`/settings/api-keys/${second.sid}`);
  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke “Second key”?" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("“Second key” was revoked.")).toBeVisible();
  await expect(reauthDialog(page)).toBeHidden();
});

test("a form keeps its input when the confirmation is cancelled, and sends it once confirmed", async ({ page }) => {
  const account = await signUp(page);
  await ageSessions(account.email);
  await page.goto("/settings/profile");
  const email = `moved-${account.email}`;
  await page.getByLabel("Email").fill(email);
  await page.locator("#profile-current-password").fill(PASSWORD);
  await page.getByRole("button", { name: "Save profile" }).click();
  const dialog = reauthDialog(page);
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expect(page.locator("#profile-current-password")).toHaveValue(PASSWORD);
  await expect(page.getByRole("button", { name: "Save profile" })).toBeFocused();

  await page.getByRole("button", { name: "Save profile" }).click();
  expect(await confirmIdentity(page)).toBe(true);
  await expect(page.getByText("Profile saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Email")).toHaveValue(email);
});

test("an Owner with two-factor requires it of every member; the Members page shows who has it", async ({ page }) => {
  const account = await signUp(page);
  await page.goto("/settings/workspace");
  const toggle = page.getByRole("switch", { name: "Require two-factor authentication" });
  // Not before the Owner has it: the switch explains where to turn it on.
  await expect(toggle).toBeDisabled();
  await expect(page.getByText("Turn on two-factor authentication for your own account first")).toBeVisible();

  await setTwoFactor(account.email);
  await ageSessions(account.email);
  await page.reload();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await toggle.click();
  expect(await confirmIdentity(page)).toBe(true);
  await expect(page.getByText("Two-factor authentication is now required of every member.")).toBeVisible();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/workspace-policy-${width}.png`, fullPage: true });
  }
  await page.goto("/settings/members");
  await expect(page.getByRole("listitem", { name: account.name }).getByText("Two-factor on")).toBeVisible();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/members-two-factor-${width}.png`, fullPage: true });
  }
});
