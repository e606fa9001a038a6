import { randomBytes } from "node:crypto";
import { expect, test, type Request } from "@playwright/test";
import { createKey, signUp } from "./helpers";

// Every "use server" export is a public POST endpoint. A request made by another site (or by
// anything that is not this site's own page) is refused with 403 before it runs; a forged
// request never gets a 500 and never changes anything.

const FOREIGN_ORIGINS: Array<[string, string | undefined]> = [
  ["another site", "https://evil.example"],
  ["a look-alike host", "http://127.0.0.1.evil.example"],
  ["another port of this host", "http://127.0.0.1:1"],
  ["null", "null"],
  ["malformed", "::not a url::"],
  ["missing", undefined],
];

test("a server action replayed with a foreign, malformed or missing Origin is refused with 403 and changes nothing", async ({ page, baseURL }) => {
  await signUp(page);
  const first = await createKey(page, "Revoked legitimately");
  const target = await createKey(page, "Target of the forgery");

  // Record the real revoke action the page sends.
  let recorded: Request | undefined;
  page.on("request", (request) => {
    if (request.method() === "POST" && request.headers()["next-action"]) recorded = request;
  });
  await page.goto(`/settings/api-keys/${first.sid}`);
  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
  expect(recorded).toBeDefined();
  const headers = await recorded!.allHeaders();
  expect(headers.origin).toBe(baseURL);
  const body = recorded!.postDataBuffer()!.toString("utf8");
  expect(body).toContain(first.sid);
  // The same action, aimed at the other key.
  const forged = body.split(first.sid).join(target.sid);
  const replay = (origin: string | undefined) =>
    page.request.post(recorded!.url(), {
      headers: {
        "next-action": headers["next-action"],
        "content-type": headers["content-type"],
        accept: "text/x-component",
        ...(headers["next-router-state-tree"] ? { "next-router-state-tree": headers["next-router-state-tree"] } : {}),
        ...(origin === undefined ? {} : { origin }),
      },
      data: Buffer.from(forged),
      maxRedirects: 0,
    });

  for (const [what, origin] of FOREIGN_ORIGINS) {
    const response = await replay(origin);
    expect(response.status(), what).toBe(403);
    expect(await response.text(), what).not.toContain(target.sid);
  }
  await page.goto(`/settings/api-keys/${target.sid}`);
  await expect(page.getByText("Active", { exact: true }).first()).toBeVisible();

  // Control: the very same replay from this site's origin goes through, so the 403s above
  // were the Origin check and nothing else.
  expect((await replay(baseURL)).status()).toBe(200);
  await page.reload();
  await expect(page.getByText("Revoked", { exact: true }).first()).toBeVisible();
});

test("next-auth's sign-in and sign-out posts refuse a foreign Origin with 403", async ({ page, baseURL }) => {
  const account = await signUp(page);
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const signOut = await page.request.post("/api/auth/signout", { form: { csrfToken: csrf.csrfToken, json: "true" }, headers: { origin: "https://evil.example" }, maxRedirects: 0 });
  expect(signOut.status()).toBe(403);
  // Still signed in.
  expect((await (await page.request.get("/api/auth/session")).json()).user?.email).toBe(account.email);
  const signIn = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: account.email, password: account.password, json: "true" },
    headers: { origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(403);
  // From this site, sign-out works (the check is not refusing everything).
  const own = await page.request.post("/api/auth/signout", { form: { csrfToken: csrf.csrfToken, json: "true" }, headers: { origin: baseURL! }, maxRedirects: 0 });
  expect(own.status()).toBe(200);
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
});

test("spoofed internal headers and RSC or prefetch variants reveal nothing behind sign-in", async ({ browser, playwright, baseURL }) => {
  // Someone's private data, to look for in every answer.
  const owner = await browser.newPage();
  const marker = `Marker ${randomBytes(6).toString("hex")}`;
  const account = await signUp(owner);
  const { sid } = await createKey(owner, marker);
  await owner.close();

  const anonymous = await playwright.request.newContext({ baseURL });
  const paths = ["/settings", "/settings/api-keys", `/settings/api-keys/${sid}`, "/settings/api-keys/new", "/settings/profile", "/settings/security-log", "/settings/webhooks", "/settings/credentials"];
  const variants: Array<[string, Record<string, string>, string]> = [
    ["x-middleware-subrequest (proxy)", { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" }, ""],
    ["x-middleware-subrequest (middleware)", { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" }, ""],
    ["x-middleware-subrequest (src/)", { "x-middleware-subrequest": "src/middleware:src/middleware:src/middleware:src/middleware:src/middleware" }, ""],
    ["RSC", { RSC: "1" }, "?_rsc=abcde"],
    ["RSC prefetch", { RSC: "1", "Next-Router-Prefetch": "1" }, "?_rsc=abcde"],
    ["segment prefetch", { RSC: "1", "Next-Router-Prefetch": "1", "Next-Router-Segment-Prefetch": "/_tree" }, "?_rsc=abcde"],
    ["x-middleware-prefetch", { "x-middleware-prefetch": "1", purpose: "prefetch" }, ""],
    ["internal invoke headers", { "x-invoke-path": "/settings/api-keys", "x-invoke-status": "200", "x-matched-path": "/settings/api-keys" }, ""],
    ["a forged next-auth cookie", { cookie: "next-auth.session-token=forged.jwt.value" }, ""],
  ];
  for (const path of paths) {
    for (const [what, headers, query] of variants) {
      for (const suffix of ["", ".rsc", ".prefetch.rsc"]) {
        const response = await anonymous.get(`${path}${suffix}${query}`, { headers, maxRedirects: 0 });
        const label = `${path}${suffix}${query} with ${what}`;
        const text = await response.text();
        expect([303, 307, 308, 401, 403, 404], label).toContain(response.status());
        if ([303, 307, 308].includes(response.status())) expect(response.headers().location, label).toMatch(/\/sign-in/);
        expect(text, label).not.toContain(marker);
        expect(text, label).not.toContain(account.email);
        expect(response.status(), label).toBeLessThan(500);
      }
    }
  }
  await anonymous.dispose();
});
