import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { startInstance, type Instance } from "./server";

// Behind a TLS-terminating proxy: the public URL is https, the instance itself plain HTTP on
// loopback. Session cookies must then be Secure (and __Secure-/__Host- prefixed), HttpOnly
// and SameSite; pages and API answers carry HSTS because the proxy says the request was https.
const PUBLIC = "https://keys.example.test";
let app: Instance;

beforeAll(async () => {
  // One proxy hop, and a client address of this test's own: the sign-in throttle counts per
  // IP in the shared Redis, where other test layers' failures from 127.0.0.1 may still be.
  app = await startInstance({ NEXTAUTH_URL: PUBLIC, TRUSTED_PROXY_HOPS: "1" });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await db().$disconnect();
});

const cookiesOf = (response: Response) => response.headers.getSetCookie();
const pair = (cookie: string) => cookie.split(";")[0];
const proxied = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "keys.example.test", "X-Forwarded-For": `198.51.100.${randomInt(1, 255)}` };

describe("served over HTTPS behind a proxy", () => {
  it("session cookies are Secure, HttpOnly and SameSite=Lax, with the __Secure- / __Host- prefixes", async () => {
    const viewer = await makeViewer("Secure Cookies");
    const csrf = await fetch(`${app.url}/api/auth/csrf`, { headers: proxied });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const csrfCookie = cookiesOf(csrf).find((c) => c.startsWith("__Host-next-auth.csrf-token="));
    expect(csrfCookie).toBeDefined();
    expect(csrfCookie).toMatch(/; HttpOnly/i);
    expect(csrfCookie).toMatch(/; Secure/i);
    expect(csrfCookie).toMatch(/; SameSite=Lax/i);

    const signIn = await fetch(`${app.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        ...proxied,
        origin: PUBLIC,
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookiesOf(csrf).map(pair).join("; "),
      },
      body: new URLSearchParams({ csrfToken, email: viewer.email, password: "correct horse battery", json: "true" }),
    });
    expect(signIn.status).toBe(200);
    const session = cookiesOf(signIn).find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(session, cookiesOf(signIn).join("\n")).toBeDefined();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
    // No cookie of next-auth's goes out without Secure.
    for (const cookie of cookiesOf(signIn)) expect(cookie).toMatch(/; Secure/i);

    // The cookie works: /settings/... sends the person to their workspace's page, which is a
    // signed-in page, with HSTS and no-store.
    const redirect = await fetch(`${app.url}/settings/api-keys`, { headers: { ...proxied, cookie: pair(session!) }, redirect: "manual" });
    expect(redirect.status).toBe(307);
    const workspacePath = new URL(redirect.headers.get("location")!, app.url).pathname;
    expect(workspacePath).toMatch(/^\/w\/[a-z0-9-]+\/settings\/api-keys$/);
    const page = await fetch(`${app.url}${workspacePath}`, { headers: { ...proxied, cookie: pair(session!) }, redirect: "manual" });
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(page.headers.get("cache-control")).toContain("no-store");
    expect(await page.text()).toContain("Secure Cookies");
  });
});
