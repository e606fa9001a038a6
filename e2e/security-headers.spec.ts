import { expect, test } from "@playwright/test";
import { createKey, signUp, startSecondServer } from "./helpers";

const scriptSrc = (csp: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";

test("every page has a nonce-based CSP and the other security headers; no inline script is blocked", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signUp(page);
  const { sid } = await createKey(page, "Headers");
  const nonces = new Set<string>();
  for (const path of ["/sign-in", "/settings/api-keys", `/settings/api-keys/${sid}`, "/settings/webhooks", "/settings/profile", "/docs/api"]) {
    const response = (await page.goto(path))!;
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    const csp = headers["content-security-policy"];
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'none'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(scriptSrc(csp), path).not.toContain("unsafe-inline");
    const nonce = scriptSrc(csp).match(/'nonce-([^']+)'/)?.[1];
    expect(nonce, path).toBeTruthy();
    nonces.add(nonce!);
    // Next's own scripts carry this response's nonce.
    const scripts = await page.locator("script").evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
    expect(scripts.length, path).toBeGreaterThan(0);
    expect(scripts.every((n) => n === nonce), path).toBe(true);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"], path).toBeUndefined();
    expect(headers["strict-transport-security"], path).toBeUndefined(); // plain HTTP here
    if (path.startsWith("/settings")) expect(headers["cache-control"], path).toContain("no-store");
  }
  expect(nonces.size).toBe(6); // fresh per request
  // Pages hydrated and worked under the policy: a click-driven toast appears.
  await page.goto(`/settings/api-keys/${sid}`);
  await expect(page.getByRole("heading", { name: "Headers" })).toBeVisible();
  expect(violations).toEqual([]);

  // The session cookie cannot be read by scripts and is not sent cross-site.
  const session = (await page.context().cookies()).find((c) => c.name.includes("next-auth.session-token"))!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test("API responses: the strictest CSP, nosniff, no-store; HSTS when a trusted proxy says the request came over HTTPS", async ({ request }) => {
  const response = await request.get("/api/v1/me");
  expect(response.status()).toBe(401);
  const headers = response.headers();
  expect(headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["x-powered-by"]).toBeUndefined();
  expect(headers["strict-transport-security"]).toBeUndefined();
  // With no trusted proxy the client's own X-Forwarded-Proto is dropped (server.mjs): the
  // connection is plain HTTP, and HSTS over plain HTTP would be ignored by browsers anyway.
  const claimed = await request.get("/api/v1/me", { headers: { "X-Forwarded-Proto": "https" } });
  expect(claimed.headers()["strict-transport-security"]).toBeUndefined();
  // Behind one trusted proxy, its X-Forwarded-Proto counts.
  const proxied = await startSecondServer({ TRUSTED_PROXY_HOPS: "1" });
  try {
    const overHttps = await request.get(`${proxied.url}/api/v1/me`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(overHttps.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    const page = await request.get(`${proxied.url}/sign-in`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(page.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  } finally {
    await proxied.stop();
  }
});
