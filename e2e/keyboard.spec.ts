import { expect, test, type Locator, type Page } from "@playwright/test";
import { signUp } from "./helpers";

/**
 * The API keys pages with the keyboard alone: after each step, where focus is and what was
 * announced politely. page.goto only starts a journey; Tab, Enter, arrows and Escape do
 * the rest, so a control that works only with the mouse, or focus that falls back to <body>,
 * fails here.
 */

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
// Each journey is long: dozens of key presses, each checked, on a machine shared with others.
test.describe.configure({ timeout: 240_000 });

// For what waits on a server action (create, roll, delete): the machine the suite runs on is shared.
const ACTION = { timeout: 30_000 };
const KEY_URL = /\/settings\/api-keys\/key_[0-9A-Za-z]{16}$/;
const LIST_URL = /\/settings\/api-keys$/;

/** Where focus is, for failure messages: `button “Cancel”`, or `nothing (body)`. */
const whereFocusIs = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "nothing (body)";
    const name = el.getAttribute("aria-label") ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? "";
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} “${name.trim().replace(/\s+/g, " ").slice(0, 60)}”`;
  });

// One round trip, and no waiting for an element that is not (or no longer) there.
const hasFocus = (target: Locator) => target.evaluateAll((els) => els.length === 1 && els[0] === document.activeElement);

// Soft: a misplaced focus or a missing announcement is reported and the journey goes on, so one
// run lists every such step, not only the first.
const soft = expect.configure({ soft: true });

/** Focus is on `target`; on failure the message says where it is instead. */
async function expectFocus(page: Page, target: Locator) {
  await soft.poll(async () => ((await hasFocus(target)) ? "focused" : await whereFocusIs(page)), { message: `focus on ${target}` }).toBe("focused");
}

/** Presses `key` (Tab, Shift+Tab) until `target` has focus, as a person would; fails after `max`. */
async function moveFocusTo(page: Page, target: Locator, key = "Tab", max = 40) {
  await expect(target).toBeAttached();
  for (let presses = 0; !(await hasFocus(target)); presses++) {
    if (presses === max) throw new Error(`${max} × ${key} never reached ${target}; focus is on ${await whereFocusIs(page)}`);
    await page.keyboard.press(key);
  }
}

/**
 * `message` was said politely: by the app's live region (a secret revealed or hidden) or by a
 * toast (results of actions), sonner's toaster being an aria-live="polite" region of its own.
 */
const said = (page: Page, message: string | RegExp) =>
  soft(page.locator('[aria-live="polite"]').filter({ hasText: message }).first(), `“${message}” in a polite live region`).toBeAttached(ACTION);
const menuLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name, exact: true });
const heading = (page: Page, name: string) => page.getByRole("heading", { level: 1, name, exact: true });
const button = (scope: Page | Locator, name: string) => scope.getByRole("button", { name, exact: true });
const back = (page: Page) => page.evaluate(() => history.back());

/** Enter on a row's "…" button: its menu opens with focus on the first item (waited for, as a person would). */
async function openRowMenu(page: Page) {
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await expectFocus(page, page.getByRole("menu").getByRole("menuitem", { name: "Copy ID" }));
}

/** From the list: + Add API Key, a name, Enter. Returns on the reveal, focus on Copy. */
async function createByKeyboard(page: Page, name: string) {
  await moveFocusTo(page, page.getByRole("link", { name: "+ Add API Key" }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/api-keys\/new$/);
  await moveFocusTo(page, page.getByLabel("Name", { exact: true }));
  await page.keyboard.type(name);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(KEY_URL, ACTION);
  await expectFocus(page, button(page, "Copy API key"));
}

/** Enter on Copy, then Done: the reveal closes without asking and focus goes to the heading. */
async function copyAndDoneByKeyboard(page: Page, name: string) {
  await expectFocus(page, button(page, "Copy API key"));
  const secret = (await page.getByTestId("secret").textContent())!.trim();
  await page.keyboard.press("Enter");
  await said(page, "API key copied to clipboard.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await moveFocusTo(page, button(page, "Done"));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("secret")).toHaveCount(0);
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expectFocus(page, heading(page, name));
}

test("skip link, a failed create focusing its first error, and the leave guard by the menu and by Back", async ({ page }) => {
  await signUp(page);
  await page.goto("/settings/api-keys");

  // The first Tab is the skip link; Enter puts focus on <main>, so the next Tab is in the page.
  await page.keyboard.press("Tab");
  await expectFocus(page, page.getByRole("link", { name: "Skip to content" }));
  await page.keyboard.press("Enter");
  await expectFocus(page, page.locator("main#main"));
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);

  // Empty name, a custom expiry without a date and a rate limit that is no number: all three
  // errors at once, focus on the first (Name); typing clears only that field's error.
  await moveFocusTo(page, page.getByRole("link", { name: "+ Add API Key" }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/api-keys\/new$/);
  await moveFocusTo(page, page.getByRole("radio", { name: "30 days" }));
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: "Custom date" })).toBeChecked();
  await moveFocusTo(page, page.getByLabel("Rate limit (optional)"));
  await page.keyboard.type("lots");
  await moveFocusTo(page, button(page, "Create key"));
  await page.keyboard.press("Enter");
  const name = page.getByLabel("Name", { exact: true });
  await expectFocus(page, name);
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a name for the key.")).toBeVisible();
  await expect(page.getByText("Enter a date as YYYY-MM-DD.")).toBeVisible();
  await expect(page.getByText("Enter a whole number of requests per minute.")).toBeVisible();
  await page.keyboard.type("Deploy bot");
  await expect(page.getByText("Enter a name for the key.")).toHaveCount(0);
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a whole number of requests per minute.")).toBeVisible();

  // Fix the rest by keyboard and create: the key's page, focus on Copy.
  await moveFocusTo(page, page.getByRole("radio", { name: "Custom date" }));
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("radio", { name: "30 days" })).toBeChecked();
  await moveFocusTo(page, page.getByLabel("Rate limit (optional)"));
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("600");
  await expect(page.getByText("Enter a whole number of requests per minute.")).toHaveCount(0);
  await moveFocusTo(page, button(page, "Create key"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(KEY_URL, ACTION);
  const keyUrl = page.url();
  await expectFocus(page, button(page, "Copy API key"));
  await said(page, "Your new API key.");

  // The menu, not copied yet: asked first; Go back keeps the secret and returns focus to Copy.
  const leave = page.getByRole("dialog", { name: "You have not copied the API key" });
  await moveFocusTo(page, menuLink(page, "Credentials"), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(leave).toBeVisible();
  await expectFocus(page, button(leave, "Go back"));
  await page.keyboard.press("Enter");
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(keyUrl);
  await expect(page.getByTestId("secret")).toBeVisible();
  await expectFocus(page, button(page, "Copy API key"));

  // Browser Back asks the same and stays; Leave without copying goes back to the list.
  await back(page);
  await expect(leave).toBeVisible();
  await expect(page).toHaveURL(keyUrl);
  await expect(page.getByTestId("secret")).toBeVisible();
  await moveFocusTo(page, button(leave, "Leave without copying"));
  await page.keyboard.press("Enter");
  // Two entries back is the list (as the skip link left it, with #main): the list, not the key.
  await expect(page).toHaveURL(/\/settings\/api-keys(#main)?$/);
  await expect(heading(page, "API Keys")).toBeVisible();
  await expect(page.getByTestId("secret")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Deploy bot" })).toBeVisible();
});

test("Copy announces, Done focuses the heading, and Back after a create never returns to the Add form", async ({ page }) => {
  await signUp(page);
  await page.goto("/settings/api-keys");
  await createByKeyboard(page, "Nightly export");
  const keyUrl = page.url();
  await copyAndDoneByKeyboard(page, "Nightly export");

  await moveFocusTo(page, menuLink(page, "API Keys"), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(LIST_URL);
  await back(page);
  await expect(page).toHaveURL(keyUrl);
  await expect(heading(page, "Nightly export")).toBeVisible();
  await expect(page.getByText("The secret was shown once")).toBeVisible();
  await expect(page.getByTestId("secret")).toHaveCount(0);
  await back(page);
  await expect(page).toHaveURL(LIST_URL);
  await expect(heading(page, "API Keys")).toBeVisible();
});

test("the row menu: arrows and Escape, Roll opening on the grace period, Revoke and Roll by keyboard", async ({ page }) => {
  await signUp(page);
  for (const name of ["Alpha", "Beta"]) {
    await page.goto("/settings/api-keys");
    await createByKeyboard(page, name);
    await copyAndDoneByKeyboard(page, name);
  }
  await page.goto("/settings/api-keys");
  const alphaActions = button(page, "Actions for Alpha");
  const menu = page.getByRole("menu");

  // Enter opens on the first item, ArrowDown moves, Escape closes and gives focus back.
  await moveFocusTo(page, alphaActions);
  await openRowMenu(page);
  await page.keyboard.press("ArrowDown");
  await expectFocus(page, menu.getByRole("menuitem", { name: "View details" }));
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expectFocus(page, alphaActions);

  // Roll opens on the checked grace period, not Cancel; Escape closes it, focus back on the row.
  await openRowMenu(page);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expectFocus(page, menu.getByRole("menuitem", { name: "Roll key" }));
  await page.keyboard.press("Enter");
  const roll = page.getByRole("dialog", { name: "Roll “Alpha”?" });
  await expect(roll).toBeVisible();
  await expect(roll.getByRole("radio", { name: "24 hours" })).toBeChecked();
  await expectFocus(page, roll.getByRole("radio", { name: "24 hours" }));
  await page.keyboard.press("Escape");
  await expect(roll).toBeHidden();
  await expectFocus(page, alphaActions);

  // Revoke from Beta's menu, confirmed by keyboard: announced, focus on the heading.
  await moveFocusTo(page, button(page, "Actions for Beta"), "Shift+Tab");
  await openRowMenu(page);
  await page.keyboard.press("End");
  await expectFocus(page, menu.getByRole("menuitem", { name: "Revoke" }));
  await page.keyboard.press("Enter");
  const revoke = page.getByRole("dialog", { name: "Revoke “Beta”?" });
  await expect(revoke).toBeVisible();
  await moveFocusTo(page, button(revoke, "Revoke key"));
  await page.keyboard.press("Enter");
  await said(page, "“Beta” was revoked.");
  await expect(revoke).toBeHidden();
  await expectFocus(page, heading(page, "API Keys"));
  await expect(page.getByRole("region", { name: "Revoked keys" }).getByRole("link", { name: "Beta" })).toBeVisible();

  // Roll Alpha for real: the new key's reveal, focus on Copy.
  const alphaUrl = await page.getByRole("link", { name: "Alpha", exact: true }).getAttribute("href");
  await moveFocusTo(page, alphaActions);
  await openRowMenu(page);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expectFocus(page, menu.getByRole("menuitem", { name: "Roll key" }));
  await page.keyboard.press("Enter");
  await expectFocus(page, roll.getByRole("radio", { name: "24 hours" }));
  await moveFocusTo(page, button(roll, "Roll key"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(KEY_URL, ACTION);
  expect(new URL(page.url()).pathname).not.toBe(alphaUrl);
  await expectFocus(page, button(page, "Copy API key"));
  await copyAndDoneByKeyboard(page, "Alpha");
});

test("the key page: Edit and Escape, an empty name, Save, Revoke, and Delete behind an inline confirmation", async ({ page }) => {
  await signUp(page);
  await page.goto("/settings/api-keys");
  await createByKeyboard(page, "Edit me");
  await copyAndDoneByKeyboard(page, "Edit me");

  // Edit opens the form below the details; Escape closes it and focus returns to Edit.
  const edit = button(page, "Edit");
  const form = page.getByRole("form", { name: "Edit key" });
  await moveFocusTo(page, edit);
  await page.keyboard.press("Enter");
  await expect(form).toBeVisible();
  const name = form.getByLabel("Name", { exact: true });
  await expectFocus(page, name);
  await page.keyboard.press("Escape");
  await expect(form).toHaveCount(0);
  await expectFocus(page, edit);

  // An empty name: focus on it, marked invalid; typing clears the error; Save is announced.
  await page.keyboard.press("Enter");
  await expectFocus(page, name);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Enter");
  await expect(form.getByText("Enter a name for the key.")).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expectFocus(page, name);
  await page.keyboard.type("Renamed");
  await expect(form.getByText("Enter a name for the key.")).toHaveCount(0);
  await page.keyboard.press("Enter");
  await said(page, "Key updated.");
  await expect(form).toHaveCount(0);
  await expect(heading(page, "Renamed")).toBeVisible();
  await expectFocus(page, edit);

  // Revoke by keyboard: announced, focus on the heading.
  await moveFocusTo(page, button(page, "Revoke"), "Shift+Tab");
  await page.keyboard.press("Enter");
  const revoke = page.getByRole("dialog", { name: "Revoke “Renamed”?" });
  await moveFocusTo(page, button(revoke, "Revoke key"));
  await page.keyboard.press("Enter");
  await said(page, "“Renamed” was revoked.");
  await expectFocus(page, heading(page, "Renamed"));

  // Delete asks inline; Escape closes the question and focus returns to Delete; confirmed, the list.
  const del = button(page, "Delete");
  const confirmation = page.getByRole("group", { name: "Confirm deletion" });
  await moveFocusTo(page, del);
  await page.keyboard.press("Enter");
  await expect(confirmation).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(confirmation).toHaveCount(0);
  await expectFocus(page, del);
  await page.keyboard.press("Enter");
  await moveFocusTo(page, button(confirmation, "Delete key"), "Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/api-keys\?deleted=1$/, ACTION);
  await said(page, "The key was deleted.");
  await expectFocus(page, heading(page, "API Keys"));
  await expect(page.getByRole("link", { name: "Renamed" })).toHaveCount(0);
});
