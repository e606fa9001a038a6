import { expect, test, type Page } from "@playwright/test";
import { startReceiver } from "../tests/integration/receiver";
import { DARK, LIGHT, SYSTEM_DARK, SYSTEM_LIGHT, sweep } from "./audit";
import { writeSummary } from "./audit-summary";
import { signInAdmin } from "./admin-setup";
import { queryDatabase, writeDatabase } from "./database";
import { copyAndDone, createKey, newAccount, signIn, signUp } from "./helpers";
import { account, closeReveal, createWebhook, revokeOpenKey, setUpBusy, setUpEmpty, type Busy, type StorageState } from "./pages-setup";

/**
 * Every page, signed out and in, empty and busy, with a reveal and with dialogs open, at 1440
 * and 390 px (and 320 px signed in), light and dark: no sideways scroll, no serious or critical
 * axe-core violation, the theme really applied, and a screenshot of each in
 * test-results/pages/, summed up in summary.md. One test per state; its checks are soft, so one
 * bad page hides nothing.
 */

// Its own screenshots and messages say what failed; a trace of ~150 full-page visits would only slow it down.
test.use({ trace: "off" });
// A state is up to 8 visits, each with an axe run and a full-page screenshot, on a shared machine.
test.describe.configure({ timeout: 180_000 });
test.afterAll(() => writeSummary());

const heading = (page: Page, name: string | RegExp) => expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
const at = (path: string, name: string | RegExp) => async (page: Page) => {
  await page.goto(path);
  await heading(page, name);
};

test.describe("signed out", () => {
  test("home", ({ page }) => sweep(page, { state: "home", open: at("/", "API keys, done properly.") }));
  // The system setting is followed when nothing was chosen, both ways.
  test("sign-in", ({ page }) => sweep(page, { state: "sign-in", open: at("/sign-in", "Sign in to Latchkey"), themes: [LIGHT, DARK, SYSTEM_DARK, SYSTEM_LIGHT] }));
  test("sign-in-error", ({ page }) =>
    sweep(page, {
      state: "sign-in-error",
      open: async (page) => {
        await page.goto("/sign-in");
        await signIn(page, "nobody@example.test", "not the password");
        await expect(page.getByText("Incorrect email or password.").first()).toBeVisible();
      },
    }));
  test("sign-up", ({ page }) => sweep(page, { state: "sign-up", open: at("/sign-up", "Create your account") }));
  test("docs-api", ({ page }) => sweep(page, { state: "docs-api", open: at("/docs/api", "API reference") }));
  test("not-found", ({ page }) =>
    sweep(page, {
      state: "not-found",
      open: async (page) => {
        expect.soft((await page.goto("/no-such-page"))?.status(), "an unknown URL answers 404").toBe(404);
        await heading(page, "Page not found");
      },
    }));
});

test.describe("signed in, new account", () => {
  let session: StorageState;
  test.beforeAll(async ({ browser }) => {
    session = (await account(browser, "empty", setUpEmpty)).storageState;
  });
  test.use({ storageState: async ({}, provide) => provide(session) });

  const empty = (state: string, path: string, title: string, says: string) =>
    test(state, ({ page }) =>
      sweep(page, {
        state,
        narrow: true,
        open: async (page) => {
          await at(path, title)(page);
          await expect(page.getByText(says).first()).toBeVisible();
        },
      }));
  empty("keys-empty", "/settings/api-keys", "API Keys", "No API keys yet");
  empty("credentials-empty", "/settings/credentials", "Credentials", "No credentials yet");
  empty("webhooks-empty", "/settings/webhooks", "Webhooks", "No webhooks yet");
  empty("members-alone", "/settings/members", "Members", "No pending invitations");
  empty("security-log-empty", "/settings/security-log", "Security log", "No events yet");
  empty("profile", "/settings/profile", "Profile", "Change password");
  empty("security", "/settings/security", "Security", "Set up authenticator app");
});

test.describe("signed in, over the plan's limit", () => {
  let session: StorageState;
  test.beforeAll(async ({ browser }) => {
    // Two keys, then the workspace moved to Starter with one key allowed (as an instance admin
    // would: lib/dal/plans-admin.ts); Starter's one member is the Owner, so Invite is full too.
    const setUp = async (page: Page) => {
      const created = await signUp(page, newAccount("Grace Hopper"));
      for (const name of ["Billing sync", "Reports export"]) {
        await createKey(page, name);
        await copyAndDone(page);
      }
      await writeDatabase(
        `UPDATE "Workspace" SET "planId" = 'starter', "maxActiveKeysOverride" = 1 WHERE "id" IN (SELECT m."workspaceId" FROM "Membership" m JOIN "User" u ON u."id" = m."userId" WHERE u."email" = $1)`,
        [created.email],
      );
      return created;
    };
    session = (await account(browser, "over-limit", setUp)).storageState;
  });
  test.use({ storageState: async ({}, provide) => provide(session) });

  const limited = (state: string, path: string, title: string, says: string) =>
    test(state, ({ page }) =>
      sweep(page, {
        state,
        narrow: true,
        open: async (page) => {
          await at(path, title)(page);
          await expect(page.getByText(says).first()).toBeVisible();
        },
      }));
  limited("keys-over-limit", "/settings/api-keys", "API Keys", "2 of 1: over the plan's limit · Starter");
  limited("members-at-limit", "/settings/members", "Members", "1 of 1 member · Starter");
});

test.describe("signed in, busy account", () => {
  let busy: Busy;
  let session: StorageState;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  test.beforeAll(async ({ browser }) => {
    receiver = await startReceiver();
    ({ data: busy, storageState: session } = await account(browser, "busy", setUpBusy(receiver.url("/pages"))));
  });
  test.afterAll(() => receiver?.close());
  test.use({ storageState: async ({}, provide) => provide(session) });

  const simple = (state: string, path: () => string, title: string | RegExp) => test(state, ({ page }) => sweep(page, { state, narrow: true, open: at(path(), title) }));
  const keyPage = (sid: string) => `/settings/api-keys/${sid}`;

  simple("keys-busy", () => "/settings/api-keys", "API Keys");
  test("keys-search-revoked", ({ page }) =>
    sweep(page, {
      state: "keys-search-revoked",
      narrow: true,
      open: async (page) => {
        await page.goto("/settings/api-keys");
        await page.getByRole("searchbox", { name: "Search keys" }).fill("Legacy");
        await page.getByRole("button", { name: "Search" }).click();
        await expect(page).toHaveURL(/q=Legacy/);
        await expect(page.getByRole("link", { name: "Legacy importer" })).toBeVisible();
      },
    }));
  simple("key-new", () => "/settings/api-keys/new", "Add API Key");
  test("key-new-errors", ({ page }) =>
    sweep(page, {
      state: "key-new-errors",
      narrow: true,
      open: async (page) => {
        await at("/settings/api-keys/new", "Add API Key")(page);
        await page.getByRole("button", { name: "Create key" }).click();
        await expect(page.getByText("Enter a name for the key.").first()).toBeVisible();
      },
    }));
  // A reveal lives in the tab's memory only: one new key per theme, revoked after, to stay under the limit.
  test("key-reveal", ({ page }) =>
    sweep(page, {
      state: "key-reveal",
      narrow: true,
      serial: true,
      open: async (page, theme) => {
        await createKey(page, `Shown once (${theme.name})`, { description: "Created by the page audit", permission: "Read" });
      },
      leave: async (page) => {
        await closeReveal(page, "secret");
        await revokeOpenKey(page);
      },
    }));
  const dialog = (state: string, sid: () => string, trigger: string, name: RegExp) =>
    test(state, ({ page }) =>
      sweep(page, {
        state,
        narrow: true,
        open: async (page) => {
          await page.goto(keyPage(sid()));
          await page.getByRole("button", { name: trigger, exact: true }).click();
          await expect(page.getByRole("dialog", { name })).toBeVisible();
        },
      }));
  dialog("key-roll-dialog", () => busy.keys.sync, "Roll key", /^Roll/);
  dialog("key-revoke-dialog", () => busy.keys.deploy, "Revoke", /^Revoke/);
  test("key-edit", ({ page }) =>
    sweep(page, {
      state: "key-edit",
      narrow: true,
      open: async (page) => {
        await page.goto(keyPage(busy.keys.sync));
        await page.getByRole("button", { name: "Edit", exact: true }).click();
        await expect(page.getByRole("form", { name: "Edit key" })).toBeVisible();
      },
    }));
  simple("key-rolled", () => keyPage(busy.keys.reader), "Inventory reader");
  simple("credentials-busy", () => "/settings/credentials", "Credentials");
  simple("credential-edit", () => `/settings/credentials/${busy.credentialId}`, /Orders API/);
  simple("credential-new", () => "/settings/credentials/new", "Add Credential");
  simple("credential-connect", () => "/settings/credentials/connect", "Connect a service");
  simple("credential-connect-stripe", () => "/settings/credentials/new?service=stripe", "Connect Stripe");
  simple("credentials-filtered", () => "/settings/credentials?service=custom&q=orders", "Credentials");
  simple("webhooks-busy", () => "/settings/webhooks", "Webhooks");
  simple("webhook-new", () => "/settings/webhooks/new", "Add Webhook");
  test("webhook-reveal", ({ page }) =>
    sweep(page, {
      state: "webhook-reveal",
      narrow: true,
      // Webhook names are unique per account.
      open: async (page, theme) => {
        await createWebhook(page, `Audit relay (${theme.name})`, receiver.url("/audit"));
        // A toast stays while hovered, so its contrast is checked; a slow machine may have let it go already.
        const toast = page.getByText("Webhook created.");
        if (await toast.isVisible()) await toast.hover();
        else test.info().annotations.push({ type: "note", description: `webhook-reveal, ${theme.name}: the toast was gone before the audit` });
      },
    }));
  test("webhook-deliveries", ({ page }) =>
    sweep(page, {
      state: "webhook-deliveries",
      narrow: true,
      open: async (page) => {
        await at(`/settings/webhooks/${busy.webhookId}`, "Deploy notifier")(page);
        // Settled deliveries: the page refreshes itself while one is pending.
        await expect(page.getByText(/updating…/)).toHaveCount(0, { timeout: 15_000 });
        const delivery = page.getByRole("listitem").filter({ hasText: "key.created" }).first();
        await delivery.locator("summary").click();
        await expect(delivery.getByText(/webhook-id:/)).toBeVisible();
      },
    }));
  simple("webhook-edit", () => `/settings/webhooks/${busy.webhookId}/edit`, /Deploy notifier/);
  simple("security-log-busy", () => "/settings/security-log", "Security log");
  test("key-not-found", ({ page }) =>
    sweep(page, {
      state: "key-not-found",
      narrow: true,
      open: async (page) => {
        expect.soft((await page.goto("/settings/api-keys/key_0000000000000000"))?.status(), "an unknown key answers 404").toBe(404);
        await heading(page, "Page not found");
      },
    }));
});

test.describe("signed in, instance admin", () => {
  let session: StorageState;
  test.beforeAll(async ({ browser }) => {
    session = (await account(browser, "admin", signInAdmin)).storageState;
  });
  test.use({ storageState: async ({}, provide) => provide(session) });

  const adminPage = (state: string, path: () => Promise<string> | string, title: string | RegExp) =>
    test(state, ({ page }) => sweep(page, { state, narrow: true, open: async (page) => at(await path(), title)(page) }));
  adminPage("admin-users", () => "/admin/users", "Users");
  adminPage("admin-users-none", () => "/admin/users?q=nobody-by-this-name", "Users");
  adminPage("admin-workspaces", () => "/admin/workspaces", "Workspaces");
  adminPage(
    "admin-workspace",
    async () => {
      const [row] = await queryDatabase<{ id: string }>(`SELECT m."workspaceId" AS id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, ["e2e-admin@example.test"]);
      return `/admin/workspaces/${row!.id}`;
    },
    /.+/,
  );
  adminPage("admin-plans", () => "/admin/plans", "Plans");
  adminPage("admin-mail", () => "/admin/mail", "Mail");
  adminPage("admin-audit", () => "/admin/audit", "Audit log");
  test("admin-disable-dialog", ({ page }) =>
    sweep(page, {
      state: "admin-disable-dialog",
      narrow: true,
      open: async (page) => {
        await at("/admin/users", "Users")(page);
        // The first row that is not the admin's own (which has no Disable).
        const row = page.getByTestId("admin-user-row").filter({ hasNotText: "(you)" }).filter({ hasNotText: "Disabled" }).first();
        await row.getByRole("button", { name: /^Actions for / }).click();
        await page.getByRole("menuitem", { name: "Disable" }).click();
        await expect(page.getByRole("dialog", { name: /^Disable / })).toBeVisible();
      },
    }));
});
