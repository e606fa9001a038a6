import { describe, expect, it } from "vitest";
import { credentialSchema } from "@/lib/validation/credentials";
import { CUSTOM_API_ID, defaultHostsFor, findServices, hostMatches, isServiceId, SERVICES, serviceById, serviceMatchesAuth, STORED_SERVICE_IDS } from "./catalogue";

const REQUIRED = ["stripe", "openai", "anthropic", "sendgrid", "slack", "github", "twilio", CUSTOM_API_ID];
const HOST = /^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/;

describe("the catalogue of services", () => {
  it("lists at least Stripe, OpenAI, Anthropic, SendGrid, Slack, GitHub, Twilio and Custom API, each id once", () => {
    const ids = SERVICES.map((s) => s.id);
    for (const id of REQUIRED) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(SERVICES.filter((s) => s.id !== CUSTOM_API_ID).map((s) => [s.name, s] as const))("%s has a scheme, https hosts its API base is one of, a place to get a key and docs", (_name, s) => {
    expect(s.id).toMatch(/^[a-z0-9-]+$/);
    expect(s.initials.length).toBeGreaterThanOrEqual(1);
    expect(s.initials.length).toBeLessThanOrEqual(2);
    expect(["bearer", "basic", "header", "query"]).toContain(s.auth.type);
    expect(s.hosts.length).toBeGreaterThan(0);
    for (const host of s.hosts) expect(host).toMatch(HOST);
    const base = new URL(s.apiBase!);
    expect(base.protocol).toBe("https:");
    expect(base.pathname).toBe("/");
    // The test request goes to the API base: the credential's default allowed hosts must let it.
    expect(hostMatches(base.hostname, s.hosts)).toBe(true);
    expect(new URL(s.getKey!.url).protocol).toBe("https:");
    expect(s.getKey!.steps.length).toBeGreaterThan(10);
    expect(new URL(s.docs!).protocol).toBe("https:");
  });

  it("every test request is a read with a path on the API (no query string, nothing that changes data)", () => {
    for (const s of SERVICES) {
      if (!s.test) continue;
      expect(s.test.path).toMatch(/^\/[A-Za-z0-9/._{}-]*$/);
      // Slack's auth.test is the one POST, and it only reads who the token is.
      if (s.test.method === "POST") expect(s.id).toBe("slack");
    }
  });

  it("documents each required scheme as the providers do", () => {
    expect(serviceById("anthropic")!.auth).toMatchObject({ type: "header", fieldName: "x-api-key" });
    expect(serviceById("anthropic")!.test).toMatchObject({ method: "GET", path: "/v1/models", headers: { "anthropic-version": "2023-06-01" } });
    expect(serviceById("twilio")!.auth).toMatchObject({ type: "basic", usernameLabel: "Account SID" });
    expect(serviceById("twilio")!.test).toMatchObject({ method: "GET", path: "/2010-04-01/Accounts/{username}.json" });
    expect(serviceById("stripe")!.test).toMatchObject({ method: "GET", path: "/v1/balance" });
    expect(serviceById("openai")!.test).toMatchObject({ method: "GET", path: "/v1/models" });
    expect(serviceById("github")!.test).toMatchObject({ method: "GET", path: "/user" });
    expect(serviceById("sendgrid")!.test).toMatchObject({ method: "GET", path: "/v3/scopes" });
    expect(serviceById("slack")!.test).toMatchObject({ method: "POST", path: "/api/auth.test", okField: true });
    for (const id of ["stripe", "openai", "sendgrid", "slack", "github"]) expect(serviceById(id)!.auth.type).toBe("bearer");
  });

  it("Custom API has no host, no test and is never stored as a service id", () => {
    const custom = serviceById(CUSTOM_API_ID)!;
    expect(custom.test).toBeNull();
    expect(custom.hosts).toEqual([]);
    expect(STORED_SERVICE_IDS).not.toContain(CUSTOM_API_ID);
  });

  it("defaultHostsFor gives a service's hosts (a copy), and nothing for Custom API, null or an unknown id", () => {
    expect(defaultHostsFor("stripe")).toEqual(["api.stripe.com", "files.stripe.com"]);
    defaultHostsFor("stripe").push("evil.example");
    expect(defaultHostsFor("stripe")).not.toContain("evil.example");
    expect(defaultHostsFor(CUSTOM_API_ID)).toEqual([]);
    expect(defaultHostsFor(null)).toEqual([]);
    expect(defaultHostsFor("stripe.com")).toEqual([]);
    expect(isServiceId("__proto__")).toBe(false);
    expect(isServiceId("stripe")).toBe(true);
  });

  it("hostMatches: exact hosts, and *.example.com for subdomains only", () => {
    expect(hostMatches("api.twilio.com", ["*.twilio.com"])).toBe(true);
    expect(hostMatches("twilio.com", ["*.twilio.com"])).toBe(false);
    expect(hostMatches("eviltwilio.com", ["*.twilio.com"])).toBe(false);
    expect(hostMatches("API.Stripe.com", ["api.stripe.com"])).toBe(true);
    expect(hostMatches("api.stripe.com.evil.example", ["api.stripe.com"])).toBe(false);
  });

  it("the search finds by name, id or summary, case-folded; an empty search lists everything", () => {
    expect(findServices("").length).toBe(SERVICES.length);
    expect(findServices("STRIPE").map((s) => s.id)).toEqual(["stripe"]);
    expect(findServices("  open").map((s) => s.id)).toContain("openai");
    expect(findServices("email").map((s) => s.id)).toContain("sendgrid");
    expect(findServices("no such thing")).toEqual([]);
  });

  it("a credential naming a service must use that service's scheme (the schema and the DAL's check)", () => {
    expect(serviceMatchesAuth("stripe", "bearer", undefined)).toBe(true);
    expect(serviceMatchesAuth("stripe", "query", "key")).toBe(false);
    expect(serviceMatchesAuth("anthropic", "header", "X-Api-Key")).toBe(true);
    expect(serviceMatchesAuth("anthropic", "header", "Authorization")).toBe(false);
    expect(serviceMatchesAuth(CUSTOM_API_ID, "bearer", undefined)).toBe(false);
    expect(credentialSchema.safeParse({ name: "Pay", type: "bearer", token: "t", service: "stripe" }).success).toBe(true);
    expect(credentialSchema.safeParse({ name: "Pay", type: "basic", username: "u", password: "p", service: "stripe" }).success).toBe(false);
    expect(credentialSchema.safeParse({ name: "Pay", type: "bearer", token: "t", service: "nope" }).success).toBe(false);
    expect(credentialSchema.safeParse({ name: "Pay", type: "bearer", token: "t", service: CUSTOM_API_ID }).success).toBe(false);
  });
});
