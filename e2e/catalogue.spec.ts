import { readFileSync } from "node:fs";
import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { signUp } from "./helpers";

// "Connect a service" end to end: find Stripe in the catalogue by keyboard, connect it, test
// the connection against a stand-in for Stripe's API on 127.0.0.1 (the server is started with
// LATCHKEY_SERVICE_BASE_URL_OVERRIDE pointing here: see playwright.config.ts), and filter the
// list by service. Nothing here reaches the internet.

test.describe.configure({ timeout: 120_000 });

const GOOD = "sk_test_e2e_GOOD_4242424242";
const RESTRICTED = "rk_test_e2e_RESTRICTED_4000";

type Seen = { method: string; url: string; authorization: string };
const seen: Seen[] = [];
let server: http.Server;

test.beforeAll(async () => {
  // Answers like Stripe's GET /v1/balance would: 200 for the good key, 403 for a restricted key
  // without balance access, 401 for anything else. Its bodies echo the key, as real errors can.
  server = http.createServer((req, res) => {
    const authorization = req.headers.authorization ?? "";
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization });
    const status = authorization === `Bearer ${GOOD}` ? 200 : authorization === `Bearer ${RESTRICTED}` ? 403 : 401;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ echoed: authorization }));
  });
  await new Promise<void>((resolve) => server.listen(Number(process.env.E2E_SERVICE_PORT), "127.0.0.1", resolve));
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const row = (page: Page, name: string) => page.getByRole("listitem", { name });

async function connectStripe(page: Page, name: string, key: string) {
  await page.goto("/settings/credentials/connect");
  await expect(page.getByRole("heading", { level: 1, name: "Connect a service" })).toBeVisible();
  // Keyboard only: type to find, Down to the first match, Enter to open it.
  const search = page.getByLabel("Find a service");
  await expect(search).toBeFocused();
  await search.pressSequentially("stri");
  await expect(page.getByRole("status").filter({ hasText: "1 service" })).toBeVisible();
  await search.press("ArrowDown");
  await expect(page.getByRole("link", { name: /^Stripe/ })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Connect Stripe" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Open Stripe/ })).toHaveAttribute("href", "https://dashboard.stripe.com/apikeys");
  await expect(page.getByText("api.stripe.com, files.stripe.com")).toBeVisible();
  // The service decides the type: no type to choose, the name is prefilled.
  await expect(page.getByRole("group", { name: "Type" })).toHaveCount(0);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Stripe");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Secret or restricted key", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page).toHaveURL(/\/settings\/credentials$/);
  await expect(row(page, name).getByText("Stripe", { exact: true })).toBeVisible();
}

async function testConnection(page: Page, name: string, expected: RegExp) {
  await page.goto("/settings/credentials");
  await row(page, name).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  const result = page.getByTestId("connection-result");
  await expect(result).toHaveText(expected);
  // The service's answer (which echoes the key) is never shown.
  await expect(page.getByText("echoed")).toHaveCount(0);
}

test("connect Stripe from the catalogue, test the connection against a stand-in, filter by service", async ({ page }) => {
  await signUp(page);
  await page.getByRole("link", { name: "Credentials" }).click();
  await page.getByRole("link", { name: "+ Connect a service" }).click();
  await expect(page).toHaveURL(/\/settings\/credentials\/connect$/);

  await connectStripe(page, "Stripe Live", GOOD);
  await connectStripe(page, "Stripe Reports", RESTRICTED);

  const before = seen.length;
  await testConnection(page, "Stripe Live", /^200 · The key works\.$/);
  expect(seen[before]).toEqual({ method: "GET", url: "/v1/balance", authorization: `Bearer ${GOOD}` });
  await testConnection(page, "Stripe Reports", /^403 · The key lacks the permission this test needs\.$/);

  // A replaced (wrong) key: 401 with its hint.
  await page.getByLabel("Secret or restricted key", { exact: true }).fill("sk_test_e2e_WRONG_000000000");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/settings\/credentials$/);
  await testConnection(page, "Stripe Reports", /^401 · The key is wrong or revoked\.$/);
  expect(seen.at(-1)).toMatchObject({ authorization: "Bearer sk_test_e2e_WRONG_000000000" });

  // A Custom API with a header-name preset.
  await page.goto("/settings/credentials/connect");
  await page.getByRole("link", { name: /^Custom API/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add Credential" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Inventory");
  await page.getByText("API key in a header", { exact: true }).click();
  await page.getByRole("button", { name: "Api-Key", exact: true }).click();
  await expect(page.getByLabel("Header name")).toHaveValue("Api-Key");
  await page.getByLabel("Value", { exact: true }).fill("inv-e2e-value-123456");
  await page.getByLabel("Allowed hosts").fill("inventory.example.com");
  await page.getByRole("button", { name: "Save credential" }).click();
  await expect(page).toHaveURL(/\/settings\/credentials$/);
  await expect(row(page, "Inventory").getByText("Custom API", { exact: true })).toBeVisible();

  // Filter by service (with counts), then search by name within it; both live in the URL.
  const filter = page.getByRole("navigation", { name: "Filter credentials by service" });
  await expect(filter.getByRole("link", { name: "All 3" })).toHaveAttribute("aria-current", "page");
  await filter.getByRole("link", { name: "Stripe 2" }).click();
  await expect(page).toHaveURL(/\?service=stripe$/);
  await expect(row(page, "Stripe Live")).toBeVisible();
  await expect(row(page, "Inventory")).toHaveCount(0);
  await page.getByLabel("Search credentials by name").fill("reports");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/[?&]q=reports(&|$)/);
  expect(new URL(page.url()).searchParams.get("service")).toBe("stripe");
  await expect(row(page, "Stripe Reports")).toBeVisible();
  await expect(row(page, "Stripe Live")).toHaveCount(0);
  await filter.getByRole("link", { name: "Custom API 1" }).click();
  await expect(page.getByText("No credential among Custom APIs matches “reports”")).toBeVisible();
  await page.getByRole("link", { name: "show every credential" }).click();
  await expect(row(page, "Inventory")).toBeVisible();
  await expect(row(page, "Stripe Live")).toBeVisible();

  // The page never carried a key, and neither did the server's log.
  for (const path of ["/settings/credentials", "/settings/credentials?service=stripe"]) {
    const text = await (await page.request.get(path, { headers: { RSC: "1" } })).text();
    for (const secret of [GOOD, RESTRICTED]) expect(text).not.toContain(secret);
  }
  const log = readFileSync(process.env.E2E_SERVER_LOG!, "utf8");
  for (const secret of [GOOD, RESTRICTED]) expect(log).not.toContain(secret);
});
