import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { webhookSchema } from "@/lib/validation/webhooks";
import { credentialSchema } from "@/lib/validation/credentials";
import { redactRequest, retryDelayMs, scrubSecrets, troubleshootingHint } from "./log";
import { generateSigningSecret, signatureHeaders, verifySignature } from "./signing";

describe("Standard Webhooks signing", () => {
  it("is accepted by the reference library, and refused once anything changes", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ type: "key.created", data: { key: { id: "key_1" } } });
    const headers = signatureHeaders(secret, "msg_1", body);
    expect(new StandardWebhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(verifySignature(secret, headers, body)).toBe(true);
    expect(() => new StandardWebhook(secret).verify(body + " ", headers)).toThrow();
    expect(() => new StandardWebhook(generateSigningSecret()).verify(body, headers)).toThrow();
    expect(verifySignature(secret, { ...headers, "webhook-id": "msg_2" }, body)).toBe(false);
    expect(verifySignature(secret, headers, body, 300, Date.now() + 3_600_000)).toBe(false);
  });
});

describe("delivery log helpers", () => {
  it("backs off exponentially, capped at 12 hours", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 10_000, mid))).toEqual([10_000, 40_000, 160_000, 640_000]);
    expect(retryDelayMs(20, 10_000, mid)).toBe(12 * 3_600_000);
    expect(retryDelayMs(1, 10_000, () => 0)).toBe(9_000);
  });

  it("redacts every credential type from the logged request", () => {
    const headers = new Headers({ authorization: "Bearer tok-1234", "x-api-key": "v-1", "webhook-id": "msg_1" });
    expect(redactRequest(new URL("https://h.example/x"), headers, { type: "bearer", token: "tok-1234", fieldName: null }).headers).toMatchObject({ authorization: "Bearer [redacted]", "webhook-id": "msg_1" });
    expect(redactRequest(new URL("https://h.example/x"), headers, { type: "header", value: "v-1", fieldName: "X-API-Key" }).headers["x-api-key"]).toBe("[redacted]");
    expect(redactRequest(new URL("https://h.example/x?api_key=v-1&a=b"), headers, { type: "query", value: "v-1", fieldName: "api_key" }).url).toBe("https://h.example/x?api_key=[redacted]&a=b");
  });

  it("scrubs an echoed secret, Basic pair included, from a response", () => {
    const basic = { type: "basic" as const, username: "hook-user", password: "pw-9876", fieldName: null };
    const echoed = `got Basic ${Buffer.from("hook-user:pw-9876").toString("base64")} for hook-user`;
    expect(scrubSecrets(echoed, basic)).toBe("got Basic [redacted] for [redacted]");
  });

  it("explains 401 and 403 answers", () => {
    expect(troubleshootingHint(401, null, { credential: "Orders API" })).toMatch(/“Orders API”.*expired.*authentication type/);
    expect(troubleshootingHint(401, null, { credential: null })).toMatch(/sends none/);
    expect(troubleshootingHint(403, null, { credential: "x" })).toMatch(/permission or scope/);
    expect(troubleshootingHint(200, null, { credential: null })).toBeNull();
  });
});

describe("webhook and credential validation", () => {
  const base = { name: "Hook", events: ["key.created"], credentialId: "none" };
  it("accepts http(s) URLs and refuses others, embedded passwords and fragments", () => {
    expect(webhookSchema.safeParse({ ...base, url: "https://hooks.example.com/in?x=1" }).success).toBe(true);
    for (const url of ["ftp://h.example/", "javascript:alert(1)", "https://u:p@h.example/", "https://h.example/#x", "not a url", ""]) {
      expect(webhookSchema.safeParse({ ...base, url }).success, url).toBe(false);
    }
  });
  it("requires at least one known event and a well-formed credential choice", () => {
    expect(webhookSchema.safeParse({ ...base, url: "https://h.example", events: [] }).success).toBe(false);
    expect(webhookSchema.safeParse({ ...base, url: "https://h.example", events: ["user.deleted"] }).success).toBe(false);
    expect(webhookSchema.safeParse({ ...base, url: "https://h.example", credentialId: "' or 1=1" }).success).toBe(false);
  });
  it("keeps a header credential from replacing the signature or framing headers", () => {
    for (const fieldName of ["webhook-signature", "Content-Type", "Host", "content-length"]) {
      expect(credentialSchema.safeParse({ name: "x", type: "header", fieldName, value: "v" }).success, fieldName).toBe(false);
    }
    expect(credentialSchema.safeParse({ name: "x", type: "query", fieldName: "host", value: "v" }).success).toBe(true);
  });
  it("refuses line breaks in secrets that travel in a header", () => {
    expect(credentialSchema.safeParse({ name: "x", type: "bearer", token: "a\r\nInjected: yes" }).success).toBe(false);
    expect(credentialSchema.safeParse({ name: "x", type: "header", fieldName: "X-Key", value: "a\nb" }).success).toBe(false);
    expect(credentialSchema.safeParse({ name: "x", type: "bearer", token: "plain-token" }).success).toBe(true);
  });
});
