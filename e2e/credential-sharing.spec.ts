import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { startReceiver } from "../tests/integration/receiver";
import { dumpDatabase } from "./database";
import { finishSignUp, newAccount, signUp } from "./helpers";

// Sharing a credential for use without seeing it (issue 15): the share dialog, the list's
// badges, a teammate's webhook that authenticates with it only towards its hosts, un-sharing
// that names the webhook it stops, and a crawl that finds the value nowhere afterwards.

test.use({ permissions: ["clipboard-read", "clipboard-write"] });
test.describe.configure({ timeout: 180_000 });

const TOKEN = "tok-e2e-SHARED-never-shown-Z9y8x7";
const row = (page: Page, name: string) => page.getByRole("listitem", { name });
const workspaceOf = (name: string) => `${name}’s workspace`;

async function inviteMember(page: Page, email: string) {
  await page.goto("/settings/members");
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a member" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByText("Member", { exact: true }).click();
  await dialog.getByRole("button", { name: "Create invitation link" }).click();
  const reveal = page.getByRole("dialog", { name: `Invitation for ${email}` });
  const link = (await reveal.getByTestId("invitation-link").textContent())!.trim();
  await reveal.getByRole("button", { name: "Done" }).click();
  return link;
}

async function join(browser: Browser, link: string, account: ReturnType<typeof newAccount>, inviter: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(link);
  await page.getByRole("link", { name: "Create account" }).click();
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await finishSignUp(page, account, link);
  await page.getByRole("button", { name: `Join ${workspaceOf(inviter)}` }).click();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+\/settings\/api-keys$/);
  return page;
}

async function shot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test("share a credential with a member: badges, the dialog, use only towards its hosts, un-share naming the webhook, and the value nowhere", async ({ page, browser }) => {
  const receiver = await startReceiver();
  try {
    const alice = await signUp(page, newAccount("Alice Share"));
    await expect(page).toHaveURL(/\/w\/[a-z0-9-]+\/settings\/api-keys$/);
    const slug = new URL(page.url()).pathname.split("/")[2];
    await page.goto("/settings/credentials/new");
    await page.getByLabel("Name", { exact: true }).fill("Payments API");
    await page.getByLabel("Token", { exact: true }).fill(TOKEN);
    await page.getByLabel("Allowed hosts").fill("127.0.0.1");
    await page.getByRole("button", { name: "Save credential" }).click();
    await expect(page).toHaveURL(/\/settings\/credentials$/);
    await expect(row(page, "Payments API").getByText("Personal", { exact: true }).first()).toBeVisible();
    await expect(row(page, "Payments API")).toContainText("Who can use: Only Alice Share (creator)");
    await expect(row(page, "Payments API")).toContainText("Not used by any webhook");

    const bob = newAccount("Bob Share");
    const bobPage = await join(browser, await inviteMember(page, bob.email), bob, alice.name);
    // Personal: Bob does not see it, and cannot pick it.
    await bobPage.goto(`/w/${slug}/settings/credentials`);
    await expect(bobPage.getByText("No credentials yet")).toBeVisible();
    await bobPage.goto(`/w/${slug}/settings/webhooks/new`);
    await expect(bobPage.getByLabel("Authentication").locator("option", { hasText: "Payments API" })).toHaveCount(0);

    // Alice shares it with Bob through the dialog (she signed in moments ago: no re-authentication asked).
    await page.goto("/settings/credentials");
    await row(page, "Payments API").getByRole("button", { name: "Actions for Payments API" }).click();
    await page.getByRole("menuitem", { name: "Share…" }).click();
    const dialog = page.getByRole("dialog", { name: "Share “Payments API”" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("radio", { name: /Personal/ })).toBeChecked();
    await dialog.getByText("Chosen members", { exact: true }).click();
    await dialog.getByRole("checkbox", { name: /Bob Share/ }).check();
    await shot(page, "share-dialog");
    await dialog.getByRole("button", { name: "Save sharing" }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, "Payments API").getByText("Shared", { exact: true })).toBeVisible();
    await expect(row(page, "Payments API")).toContainText("Who can use: Alice Share (creator), Bob Share");

    // Bob sees that it exists (never its value), may use it, may not change it.
    await bobPage.goto(`/w/${slug}/settings/credentials`);
    await expect(row(bobPage, "Payments API").getByText("Shared", { exact: true })).toBeVisible();
    await row(bobPage, "Payments API").getByRole("button", { name: "Actions for Payments API" }).click();
    await expect(bobPage.getByRole("menuitem", { name: "View" })).toBeVisible();
    await expect(bobPage.getByRole("menuitem", { name: "Edit" })).toHaveCount(0);
    await bobPage.keyboard.press("Escape");

    // Towards another host: refused, beside the field. Towards its host: the receiver gets it.
    await bobPage.goto(`/w/${slug}/settings/webhooks/new`);
    await bobPage.getByLabel("Name", { exact: true }).fill("Bob hook");
    await bobPage.getByLabel("Endpoint URL").fill(receiver.url("/bob").replace("127.0.0.1", "localhost"));
    await bobPage.getByLabel("Authentication").selectOption({ label: "Payments API (Bearer token)" });
    await bobPage.getByRole("button", { name: "Create webhook" }).click();
    await expect(bobPage.getByText("This credential may only be sent to 127.0.0.1.", { exact: false })).toBeVisible();
    await bobPage.getByLabel("Endpoint URL").fill(receiver.url("/bob"));
    await bobPage.getByRole("button", { name: "Create webhook" }).click();
    await expect(bobPage.getByTestId("signing-secret")).toBeVisible();
    const bobHook = bobPage.url();
    await bobPage.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => receiver.received.filter((r) => r.url === "/bob").length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(receiver.received.find((r) => r.url === "/bob")!.headers.authorization).toBe(`Bearer ${TOKEN}`);

    await page.goto("/settings/credentials");
    await expect(row(page, "Payments API")).toContainText("Used by 1 webhook: “Bob hook”");
    await shot(page, "credentials-shared");

    // The crawl: as both people, every credential and webhook page, in every RSC variant.
    const paths = (s: string) => [`/w/${s}/settings/credentials`, `/w/${s}/settings/webhooks`, `/w/${s}/settings/webhooks/new`, new URL(bobHook).pathname, `${new URL(bobHook).pathname}/edit`, `/w/${s}/settings/security-log`];
    const credentialHref = (await row(page, "Payments API").getByRole("link", { name: "Payments API" }).getAttribute("href"))!;
    for (const who of [page, bobPage]) {
      for (const path of [...paths(slug), credentialHref]) {
        for (const headers of [{}, { RSC: "1" }, { RSC: "1", "Next-Router-Prefetch": "1" }] as Record<string, string>[]) {
          const response = await who.request.get(path, { headers });
          expect(response.status(), path).toBeLessThan(500);
          expect(await response.text(), `${path} ${JSON.stringify(headers)}`).not.toContain(TOKEN.slice(0, 20));
        }
      }
      for (const path of ["/api/auth/session", "/api/health"]) expect(await (await who.request.get(path)).text()).not.toContain(TOKEN.slice(0, 20));
    }

    // Un-sharing asks first, naming the webhook and its owner; then Bob's webhook shows why it fails.
    await row(page, "Payments API").getByRole("button", { name: "Actions for Payments API" }).click();
    await page.getByRole("menuitem", { name: "Share…" }).click();
    await dialog.getByText("Personal", { exact: true }).click();
    await dialog.getByRole("button", { name: "Save sharing" }).click();
    await expect(dialog.getByRole("alert")).toContainText("“Bob hook”, owned by Bob Share");
    await shot(page, "unshare-asks");
    await expect(row(page, "Payments API").getByText("Shared", { exact: true })).toBeVisible();
    await dialog.getByRole("button", { name: "Stop them authenticating" }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, "Payments API").getByText("Personal", { exact: true }).first()).toBeVisible();
    await bobPage.goto(bobHook);
    await expect(bobPage.getByText("No longer shared", { exact: true })).toBeVisible();
    await expect(bobPage.getByText("The credential this webhook uses is no longer shared with its owner")).toBeVisible();

    const dump = await dumpDatabase();
    expect(dump).toContain("Payments API");
    expect(dump).not.toContain(TOKEN.slice(0, 20));
    expect(fs.readFileSync(process.env.E2E_SERVER_LOG!, "utf8")).not.toContain(TOKEN.slice(0, 20));
  } finally {
    await receiver.close();
  }
});
