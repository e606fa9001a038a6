import { expect, test } from "@playwright/test";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { startReceiver } from "../tests/integration/receiver";
import { dumpDatabase } from "./database";
import { createKey, signUp } from "./helpers";

const TOKEN = "tok-e2e-WEBHOOK-bearer-Q7r8";

test("webhooks: create one using a credential, see key events delivered and logged, troubleshoot a 401, delete the credential", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signUp(page);
    // A credential to authenticate with.
    await page.goto("/settings/credentials/new");
    await page.getByLabel("Name", { exact: true }).fill("Hook token");
    await page.getByLabel("Token", { exact: true }).fill(TOKEN);
    await page.getByLabel("Allowed hosts").fill("127.0.0.1");
    await page.getByRole("button", { name: "Save credential" }).click();
    await expect(page.getByLabel("Secret ending in Q7r8")).toBeVisible();

    await page.getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByText("No webhooks yet")).toBeVisible();
    await page.getByRole("link", { name: "+ Add Webhook" }).click();

    // Validation beside each field, all at once; focus on the first to fix; an error clears when its field changes.
    await page.getByRole("button", { name: "Create webhook" }).click();
    await expect(page.getByText("Enter a name.")).toBeVisible();
    await expect(page.getByText("Enter the endpoint URL.")).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toBeFocused();

    await page.getByLabel("Name", { exact: true }).fill("Deploy notifier");
    await expect(page.getByText("Enter a name.")).toHaveCount(0);
    await expect(page.getByText("Enter the endpoint URL.")).toBeVisible();
    await page.getByRole("button", { name: "Create webhook" }).click();
    await expect(page.getByLabel("Endpoint URL")).toBeFocused();
    await page.getByLabel("Endpoint URL").fill(receiver.url("/e2e"));
    await page.getByLabel("Key deleted").uncheck();
    await expect(page.getByLabel("Authentication")).toHaveValue("none");
    await expect(page.getByLabel("Authentication").locator("option").first()).toHaveText("No authentication (public API)");
    await page.getByLabel("Authentication").selectOption({ label: "Hook token (Bearer token)" });
    await page.getByRole("button", { name: "Create webhook" }).click();

    // The signing secret, once.
    await expect(page).toHaveURL(/\/settings\/webhooks\/[a-z0-9]+$/);
    const secret = (await page.getByTestId("signing-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByRole("note").filter({ hasText: "The secret will not be displayed again." })).toBeVisible();
    await page.getByRole("button", { name: "Copy Signing secret" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByLabel(`Signing secret ending in ${secret.slice(-4)}`)).toBeVisible();
    const webhookUrl = page.url();
    await page.reload();
    await expect(page.getByTestId("signing-secret")).toHaveCount(0);
    await expect(page.getByText("No deliveries yet")).toBeVisible();

    // Send test event: delivered, and the log updates by itself.
    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event queued.")).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: "webhook.test" }).getByText("Delivered · 200")).toBeVisible();

    // A key event reaches the receiver, authenticated and signed.
    const { sid } = await createKey(page, "Webhook trigger");
    await page.goto(webhookUrl);
    const created = page.getByRole("listitem").filter({ hasText: "key.created" });
    await expect(created.getByText("Delivered · 200")).toBeVisible();
    const request = receiver.received.find((r) => r.body.includes('"key.created"'))!;
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const event = new StandardWebhook(secret).verify(request.body, request.headers) as { data: { key: { id: string } } };
    expect(event.data.key.id).toBe(sid);

    // The log shows the request with the credential redacted.
    await created.locator("summary").click();
    await expect(created.getByText("authorization: Bearer [redacted]")).toBeVisible();
    await expect(created.getByText(`webhook-id: ${request.headers["webhook-id"]}`)).toBeVisible();

    // A 401 shows what to check.
    receiver.reply(...Array.from({ length: 3 }, () => ({ status: 401, body: '{"error":"token expired"}' })));
    await page.getByRole("button", { name: "Send test event" }).click();
    const refused = page.getByRole("listitem").filter({ hasText: "webhook.test" }).first();
    await expect(refused.getByText(/Retrying · 401|Failed · 401/)).toBeVisible();
    await refused.locator("summary").click();
    await expect(refused.getByText(/did not accept the credentials from “Hook token”/).first()).toBeVisible();
    await expect(refused.getByText('{"error":"token expired"}').first()).toBeVisible();

    // No secret in the webhook pages, their RSC payloads, or the list.
    for (const path of [new URL(webhookUrl).pathname, "/settings/webhooks", `${new URL(webhookUrl).pathname}/edit`]) {
      for (const headers of [{}, { RSC: "1" }] as Array<Record<string, string>>) {
        const text = await (await page.request.get(path, { headers })).text();
        expect(text, path).not.toContain(TOKEN);
        expect(text, path).not.toContain(secret.slice(6));
      }
    }

    const dump = await dumpDatabase();
    expect(dump).not.toContain(TOKEN);
    expect(dump).not.toContain(secret.slice(6));

    // Deleting the credential names the webhook that uses it.
    await page.goto("/settings/credentials");
    const card = page.getByRole("listitem", { name: "Hook token" });
    await expect(card.getByText("Used by 1 webhook: “Deploy notifier”")).toBeVisible();
    await card.getByRole("button", { name: "Actions for Hook token" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    // Named with its owner, and what its deliveries will say.
    await expect(card.getByRole("group", { name: "Confirm deleting Hook token" })).toContainText(
      "Delete this credential? Integrations using it will stop working. This webhook stops authenticating, and its deliveries fail saying the credential was deleted: “Deploy notifier” (",
    );
    await card.getByRole("button", { name: "Delete credential" }).click();
    await expect(page.getByText("Credential deleted.")).toBeVisible();
    await page.goto("/settings/webhooks");
    await expect(page.getByRole("listitem", { name: "Deploy notifier" }).getByText("Credential deleted")).toBeVisible();
  } finally {
    await receiver.close();
  }
});

test("another user's webhook pages are a 404", async ({ page, browser }) => {
  const receiver = await startReceiver();
  try {
    await signUp(page);
    await page.goto("/settings/webhooks/new");
    await page.getByLabel("Name", { exact: true }).fill("Private hook");
    await page.getByLabel("Endpoint URL").fill(receiver.url("/private"));
    await page.getByRole("button", { name: "Create webhook" }).click();
    await expect(page.getByTestId("signing-secret")).toBeVisible();
    const path = new URL(page.url()).pathname;

    const other = await browser.newPage();
    await signUp(other);
    for (const target of [path, `${path}/edit`]) {
      const response = await other.goto(target);
      expect(response?.status(), target).toBe(404);
    }
  } finally {
    await receiver.close();
  }
});

test("the list's row menu sends a test event and deletes a webhook, by keyboard, asking first", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signUp(page);
    await page.goto("/settings/webhooks/new");
    await page.getByLabel("Name", { exact: true }).fill("Old relay");
    await page.getByLabel("Endpoint URL").fill(receiver.url("/old"));
    await page.getByRole("button", { name: "Create webhook" }).click();
    await page.getByRole("button", { name: "Copy Signing secret" }).click();
    await page.getByRole("button", { name: "Done" }).click();

    await page.goto("/settings/webhooks");
    const menuButton = page.getByRole("button", { name: "Actions for Old relay" });
    await menuButton.click();
    await page.getByRole("menuitem", { name: "Send test event" }).click();
    await expect(page.getByText("Test event queued for Old relay.")).toBeVisible();
    await expect.poll(() => receiver.received.some((r) => r.body.includes('"webhook.test"'))).toBe(true);

    // Enter opens the menu on its first item, End jumps to Delete; Escape backs out of the dialog to the menu button.
    await menuButton.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Copy ID" })).toBeFocused();
    await page.keyboard.press("End");
    await expect(page.getByRole("menuitem", { name: "Delete" })).toBeFocused();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Delete Old relay?" });
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(menuButton).toBeFocused();
    await expect(page.getByRole("listitem", { name: "Old relay" })).toBeVisible();

    await page.keyboard.press("ArrowUp");
    await expect(page.getByRole("menuitem", { name: "Delete" })).toBeFocused();
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "Delete webhook" }).click();
    await expect(page.getByText("Webhook deleted.")).toBeVisible();
    await expect(page.getByRole("listitem", { name: "Old relay" })).toHaveCount(0);
    await expect(page.getByText("No webhooks yet")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeFocused();
  } finally {
    await receiver.close();
  }
});
