import { afterAll, describe, expect, it } from "vitest";
import { AuthClient } from "./session-http";
import { db } from "@/lib/db";
import { makeViewer } from "./fixtures";

afterAll(() => db().$disconnect());

// next-auth's own redirect callback parses `new URL(callbackUrl)` unguarded: a URL with a port
// that is not a number (`:3000.evil.example`) threw and the route answered 500.
describe("sign-in callbackUrl through the real route handler", () => {
  it("a malformed callbackUrl on the sign-in page is not a 500 and goes nowhere foreign", async () => {
    const browser = new AuthClient();
    const response = await browser.call(`/api/auth/signin?callbackUrl=${encodeURIComponent("http://127.0.0.1:3000.evil.example/")}`);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("location") ?? "").not.toContain("evil.example");
  });

  it("a credentials sign-in with a foreign or malformed callbackUrl returns to the app", async () => {
    const viewer = await makeViewer();
    for (const callbackUrl of ["http://127.0.0.1:3000.evil.example/", "https://evil.example/settings", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
      const browser = new AuthClient();
      const response = await browser.signIn(viewer.email, "correct horse battery", callbackUrl);
      expect.soft(response.status, callbackUrl).toBe(200);
      if (response.status === 200) expect.soft(await response.json(), callbackUrl).toEqual({ url: "http://localhost:3000/settings/api-keys" });
    }
  });

  it("a same-site callbackUrl is kept", async () => {
    const viewer = await makeViewer();
    const browser = new AuthClient();
    const response = await browser.signIn(viewer.email, "correct horse battery", "/settings/webhooks?page=2");
    expect(await response.json()).toEqual({ url: "http://localhost:3000/settings/webhooks?page=2" });
  });
});
