import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse } from "@playwright/test";
import { createKey, signUp, startSecondServer } from "./helpers";

// The security headers on every route the app has, signed in, for pages and API alike.
// The route list is checked against the app directory, so a new route without an entry here
// fails this test instead of going unchecked.

const PAGE_CSP_DIRECTIVES = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"];
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const HSTS = "max-age=63072000; includeSubDomains";

/** Every page.tsx and route.ts under app/, as a route pattern ("/settings/api-keys/[sid]"). */
function appRoutes(): string[] {
  const root = path.join(process.cwd(), "app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith("_")) walk(full);
      else if (/^(page\.tsx|route\.ts)$/.test(entry.name)) {
        const route = "/" + path.relative(root, dir).split(path.sep).filter((part) => !/^\(.*\)$/.test(part)).join("/");
        found.push(route === "/" ? "/" : route.replace(/\/$/, ""));
      }
    }
  };
  walk(root);
  return found.sort();
}

function expectCommon(response: APIResponse, label: string) {
  const headers = response.headers();
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], label).toBe("DENY");
  expect(headers["x-powered-by"], label).toBeUndefined();
  expect(headers["strict-transport-security"], label).toBe(HSTS); // every request below says https
}

test("every page and API route sends the security headers", async ({ page }) => {
  // A second server and ~45 routes (the Admin area's among them) on a shared machine.
  test.setTimeout(150_000);
  await signUp(page);
  const { sid, secret } = await createKey(page, "Every route");
  const request = page.request; // carries the session cookie (cookies do not depend on the port)
  // As deployed behind a TLS-terminating proxy: a second server that trusts one proxy hop, so
  // the X-Forwarded-Proto below counts (the shared e2e server, with none, ignores it).
  const proxied = await startSecondServer({ TRUSTED_PROXY_HOPS: "1" });
  const https = { "X-Forwarded-Proto": "https" };

  // pattern -> a concrete URL (an id that does not exist still runs the route: a 404 page).
  const ws = new URL(page.url()).pathname.split("/")[2];
  const pages: Record<string, string> = {
    "/": "/",
    "/sign-in": "/sign-in",
    "/sign-up": "/sign-up",
    "/docs/api": "/docs/api",
    "/forgot-password": "/forgot-password",
    // Links that do not exist: the neutral "This link no longer works" page.
    "/reset-password/[token]": `/reset-password/lkr_${"A".repeat(43)}`,
    "/verify-email/[token]": `/verify-email/lkv_${"A".repeat(43)}`,
    // An invitation that does not exist: the neutral 404 page, with the headers of any page.
    "/invite/[token]": `/invite/lki_${"A".repeat(43)}`,
    // Without a workspace: the redirect to the workspace last opened (or the person's first).
    "/settings/[[...path]]": "/settings/profile",
    "/w/[workspace]": `/w/${ws}`,
    "/w/[workspace]/settings": `/w/${ws}/settings`,
    "/w/[workspace]/settings/[...missing]": `/w/${ws}/settings/no-such-page`,
    "/w/[workspace]/settings/api-keys": `/w/${ws}/settings/api-keys`,
    "/w/[workspace]/settings/api-keys/new": `/w/${ws}/settings/api-keys/new`,
    "/w/[workspace]/settings/api-keys/[sid]": `/w/${ws}/settings/api-keys/${sid}`,
    "/w/[workspace]/settings/credentials": `/w/${ws}/settings/credentials`,
    "/w/[workspace]/settings/credentials/new": `/w/${ws}/settings/credentials/new`,
    "/w/[workspace]/settings/credentials/connect": `/w/${ws}/settings/credentials/connect`,
    "/w/[workspace]/settings/credentials/[id]": `/w/${ws}/settings/credentials/cred_does_not_exist`,
    "/w/[workspace]/settings/members": `/w/${ws}/settings/members`,
    "/w/[workspace]/settings/profile": `/w/${ws}/settings/profile`,
    "/w/[workspace]/settings/security": `/w/${ws}/settings/security`,
    "/w/[workspace]/settings/security-log": `/w/${ws}/settings/security-log`,
    "/w/[workspace]/settings/webhooks": `/w/${ws}/settings/webhooks`,
    "/w/[workspace]/settings/webhooks/new": `/w/${ws}/settings/webhooks/new`,
    "/w/[workspace]/settings/webhooks/[id]": `/w/${ws}/settings/webhooks/wh_does_not_exist`,
    "/w/[workspace]/settings/webhooks/[id]/edit": `/w/${ws}/settings/webhooks/wh_does_not_exist/edit`,
    "/w/[workspace]/settings/workspace": `/w/${ws}/settings/workspace`,
    // The instance Admin area: for this (non-admin) person, the 404 page with the same headers.
    "/admin": "/admin",
    "/admin/users": "/admin/users",
    "/admin/workspaces": "/admin/workspaces",
    "/admin/workspaces/[id]": "/admin/workspaces/c000000000000000000000000",
    "/admin/plans": "/admin/plans",
    "/admin/mail": "/admin/mail",
    "/admin/audit": "/admin/audit",
  };
  const key = { Authorization: `Bearer ${secret}` };
  const api: Record<string, { method: "GET" | "POST"; url: string; headers?: Record<string, string>; data?: unknown }> = {
    "/api/health": { method: "GET", url: "/api/health" },
    "/api/auth/[...nextauth]": { method: "GET", url: "/api/auth/session" },
    "/api/auth/passkey/options": { method: "POST", url: "/api/auth/passkey/options" },
    "/api/v1/me": { method: "GET", url: "/api/v1/me", headers: key },
    "/api/v1/keys": { method: "GET", url: "/api/v1/keys", headers: key },
    "/api/v1/keys/[sid]": { method: "GET", url: `/api/v1/keys/${sid}`, headers: key },
    "/api/v1/keys/[sid]/revoke": { method: "POST", url: "/api/v1/keys/key_0000000000000000/revoke", headers: key },
    "/api/v1/keys/[sid]/roll": { method: "POST", url: "/api/v1/keys/key_0000000000000000/roll", headers: key },
    "/api/v1/keys/verify": { method: "POST", url: "/api/v1/keys/verify", headers: key, data: { key: secret } },
    "/api/v1/leaks": { method: "POST", url: "/api/v1/leaks", data: { keys: ["lk_not_a_key"] } },
    "/api/v1/openapi.json": { method: "GET", url: "/api/v1/openapi.json" },
  };
  expect(appRoutes()).toEqual([...Object.keys(pages), ...Object.keys(api)].sort());

  for (const [pattern, url] of Object.entries(pages)) {
    const response = await request.get(`${proxied.url}${url}`, { headers: https });
    const label = `${pattern} (${url})`;
    expect(response.status(), label).toBeLessThan(500);
    expectCommon(response, label);
    const csp = response.headers()["content-security-policy"] ?? "";
    for (const directive of PAGE_CSP_DIRECTIVES) expect(csp, label).toContain(directive);
    expect(csp, label).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp.split(";").find((d) => d.includes("script-src")), label).not.toContain("unsafe-inline");
    if (pattern.startsWith("/settings") || pattern.startsWith("/w/") || pattern.startsWith("/admin")) expect(response.headers()["cache-control"], label).toContain("no-store");
  }
  for (const [pattern, call] of Object.entries(api)) {
    const response = await request.fetch(`${proxied.url}${call.url}`, { method: call.method, headers: { ...https, ...call.headers }, data: call.data });
    const label = `${call.method} ${pattern} (${call.url}) -> ${response.status()}`;
    expect(response.status(), label).toBeLessThan(500);
    expectCommon(response, label);
    expect(response.headers()["content-security-policy"], label).toBe(API_CSP);
    expect(response.headers()["cache-control"], label).toContain("no-store");
  }
  await proxied.stop();
});
