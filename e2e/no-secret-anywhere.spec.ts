import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { dumpDatabase } from "./database";
import { createKey, signUp } from "./helpers";

/**
 * After the one-time reveal, the secret must not come back from anywhere the user (or an
 * attacker holding their session) can reach: HTML, RSC payloads (navigation and prefetch
 * variants), API responses, the database, or the server's log.
 */
test("the secret is in no page, RSC payload, API response, database row or log line after creation", async ({ page }) => {
  await signUp(page);
  // The router-state header of a real client request (a navigation or a prefetch of the menu's
  // links), so that variant asks for what the browser asks for (a hand-made tree is rejected by
  // Next and would test nothing).
  const navigation = page.waitForRequest((request) => request.headers()["next-router-state-tree"] !== undefined);
  const { sid, secret } = await createKey(page, "Crawl me", { description: "searchable words" });
  const body = secret.slice(3, 35);

  const w = `/w/${new URL(page.url()).pathname.split("/")[2]}`;
  const paths = [
    "/",
    "/settings",
    "/settings/api-keys",
    w,
    `${w}/settings/api-keys`,
    `${w}/settings/api-keys?q=crawl`,
    `${w}/settings/api-keys?q=${secret.slice(0, 7)}`,
    `${w}/settings/api-keys/new`,
    `${w}/settings/api-keys/${sid}`,
    `${w}/settings/security-log`,
    `${w}/settings/profile`,
    "/sign-in",
    "/sign-up",
  ];
  const routerState = (await navigation).headers()["next-router-state-tree"];
  const variants: Array<Record<string, string>> = [
    {},
    { RSC: "1" },
    { RSC: "1", "Next-Router-Prefetch": "1" },
    { RSC: "1", "Next-Router-State-Tree": routerState },
  ];
  let checked = 0;
  for (const path of paths) {
    for (const headers of variants) {
      const response = await page.request.get(path, { headers });
      const text = await response.text();
      expect(response.status(), `${path} ${JSON.stringify(headers)}`).toBeLessThan(500);
      expect(text, `${path} ${JSON.stringify(headers)}`).not.toContain(body);
      checked++;
    }
  }
  const me = await page.request.get("/api/v1/me", { headers: { Authorization: `ApiKey ${secret}` } });
  expect(me.status()).toBe(200);
  expect(await me.text()).not.toContain(body);
  expect(checked).toBe(paths.length * variants.length);

  // The crawl can see content: the key's own data is there, only the secret is not.
  const detail = await (await page.request.get(`${w}/settings/api-keys/${sid}`, { headers: { RSC: "1" } })).text();
  expect(detail).toContain("Crawl me");

  const dump = await dumpDatabase();
  expect(dump).toContain(sid);
  expect(dump).not.toContain(body);

  // playwright.config.ts always sets this (the server's output is tee'd there): without it the
  // log checks below would be skipped in silence.
  const log = process.env.E2E_SERVER_LOG;
  expect(log, "E2E_SERVER_LOG").toBeTruthy();
  expect(fs.readFileSync(log!, "utf8")).not.toContain(body);

  // A rolled secret gets the same treatment: shown once on the new key's page, then nowhere.
  await page.goto(`/settings/api-keys/${sid}`);
  await page.getByRole("button", { name: "Roll key" }).click();
  await page.getByRole("dialog").getByRole("radio", { name: /^Now/ }).check();
  await page.getByRole("dialog").getByRole("button", { name: "Roll key" }).click();
  await expect(page.getByTestId("secret")).toBeVisible();
  const rolled = (await page.getByTestId("secret").textContent())!.trim();
  const newSid = page.url().split("/").pop()!;
  const rolledBody = rolled.slice(3, 35);
  for (const path of [...paths, `/settings/api-keys/${newSid}`, "/settings/security-log"]) {
    for (const headers of variants) {
      const text = await (await page.request.get(path, { headers })).text();
      expect(text, `${path} ${JSON.stringify(headers)} after the roll`).not.toContain(rolledBody);
      expect(text).not.toContain(body);
    }
  }
  expect(await dumpDatabase()).not.toContain(rolledBody);
  expect(fs.readFileSync(log!, "utf8")).not.toContain(rolledBody);
});
