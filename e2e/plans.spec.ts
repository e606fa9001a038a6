import { expect, test, type Page } from "@playwright/test";
import { writeDatabase } from "./database";
import { copyAndDone, createKey, signUp } from "./helpers";

// Plans (issue 15): every limited list heads with a quota bar naming the plan; at or over the
// limit its Add button stays in place, disabled, with the advice beside it and in its
// description. The admin pages that change plans are not built yet: the plan and overrides are
// set in the database, as they would be.
test.describe.configure({ timeout: 180_000 });

const ADVICE = "Delete an unused one, or ask your administrator for a larger plan.";
const MEMBER_ADVICE = "Remove someone who no longer needs access or revoke a pending invitation, or ask your administrator for a larger plan.";
const SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

async function setPlan(email: string, planId: string, overrides: { keys?: number | null } = {}) {
  await writeDatabase(
    `UPDATE "Workspace" SET "planId" = $1, "maxActiveKeysOverride" = $2 WHERE "id" IN (SELECT m."workspaceId" FROM "Membership" m JOIN "User" u ON u."id" = m."userId" WHERE u."email" = $3)`,
    [planId, overrides.keys ?? null, email],
  );
}

/** The list's Add button, disabled (aria-disabled, still focusable) and explained. */
async function expectBlocked(page: Page, name: string, advice = ADVICE) {
  const button = page.getByRole("button", { name });
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute("aria-disabled", "true");
  await expect(button).toHaveAccessibleDescription(advice);
  await expect(page.getByText(advice)).toBeVisible();
  await expect(page.getByRole("link", { name })).toHaveCount(0);
  // No horizontal scrolling at this width.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
}

test("at the limit: Starter's one member and one credential; Invite and Add are disabled with the advice", async ({ page }) => {
  const account = await signUp(page);
  await setPlan(account.email, "starter");
  await page.goto("/settings/credentials/new");
  await page.getByLabel("Name", { exact: true }).fill("Only one");
  await page.getByText("Bearer token", { exact: true }).click();
  await page.getByLabel("Token", { exact: true }).fill("tok-e2e-plan-limit-0001");
  await page.getByLabel("Allowed hosts").fill("api.example.com");
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page).toHaveURL(/\/settings\/credentials$/);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto("/settings/credentials");
    const meter = page.getByRole("meter", { name: "1 of 1 credential · Starter" });
    await expect(meter).toBeVisible();
    await expect(meter).toHaveAttribute("aria-valuenow", "1");
    await expect(meter).toHaveAttribute("aria-valuemax", "1");
    await expectBlocked(page, "+ Connect a service");
    await page.goto("/settings/members");
    await expect(page.getByRole("meter", { name: "1 of 1 member · Starter" })).toBeVisible();
    await expectBlocked(page, "Invite member", MEMBER_ADVICE);
    await page.screenshot({ path: `test-results/plans/at-limit-${size.width}.png`, fullPage: true });
  }
  // The form page says the same, and offers no form.
  await page.goto("/settings/credentials/new");
  await expect(page.getByText(`This workspace has reached its limit of 1 credential (Starter plan). ${ADVICE}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Save credential" })).toHaveCount(0);
});

test("over the limit after a downgrade: nothing is removed, the bar says so, Add is disabled; unlimited has no bar", async ({ page }) => {
  const account = await signUp(page);
  for (const name of ["First", "Second"]) {
    await createKey(page, name);
    await copyAndDone(page);
  }
  await setPlan(account.email, "starter", { keys: 1 });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto("/settings/api-keys");
    await expect(page.getByText("2 of 1: over the plan's limit · Starter")).toBeVisible();
    const meter = page.getByRole("meter", { name: "2 of 1: over the plan's limit · Starter" });
    await expect(meter).toHaveAttribute("aria-valuetext", "2 of 1: over the plan's limit · Starter");
    await expect(meter).toHaveAttribute("aria-valuenow", "1");
    await expectBlocked(page, "+ Add API Key");
    // Both keys are still there and active.
    await expect(page.getByRole("link", { name: "First" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Second" })).toBeVisible();
    await page.screenshot({ path: `test-results/plans/over-limit-${size.width}.png`, fullPage: true });
  }
  await setPlan(account.email, "agency");
  await page.goto("/settings/api-keys");
  await expect(page.getByText("2 keys · Agency")).toBeVisible();
  await expect(page.getByRole("meter")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "+ Add API Key" })).toBeVisible();
});
