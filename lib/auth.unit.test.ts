import { describe, expect, it } from "vitest";
import { authOptions } from "./auth";

// The callback next-auth calls with every callbackUrl (query, body or cookie) before it
// redirects anywhere.
const redirect = (url: string) => authOptions.callbacks!.redirect!({ url, baseUrl: "http://127.0.0.1:3000" });
const HOME = "http://127.0.0.1:3000/settings/api-keys";

describe("the sign-in redirect callback keeps people on this site", () => {
  it("keeps same-site paths and absolute URLs of this origin", async () => {
    expect(await redirect("/settings/webhooks?page=2#top")).toBe("http://127.0.0.1:3000/settings/webhooks?page=2#top");
    expect(await redirect("http://127.0.0.1:3000/sign-in?notice=password-changed")).toBe("http://127.0.0.1:3000/sign-in?notice=password-changed");
  });

  it("sends a URL that does not parse to the home page instead of throwing (it was a 500)", async () => {
    expect(await redirect("http://127.0.0.1:3000.evil.example/")).toBe(HOME);
    expect(await redirect("http://[::1")).toBe(HOME);
  });

  it("refuses other origins however they are spelled", async () => {
    for (const url of [
      "https://evil.example/settings",
      "http://127.0.0.1:3000@evil.example/", // userinfo: the host is evil.example
      "http://127.0.0.1:3001/", // another port
      "https://127.0.0.1:3000/", // another scheme
      "http://127.0.0.1.evil.example:3000/",
      "//evil.example/x", // scheme-relative
      "/\\evil.example", // browsers read the backslash as a slash
      "/\t/evil.example", // browsers drop the tab
      "javascript:alert(1)",
      "data:text/html,hi",
    ]) {
      expect(await redirect(url), url).toBe(HOME);
    }
  });
});
