import { describe, expect, it } from "vitest";
import { serviceById } from "./catalogue";
import { buildTestRequest, verdictOf } from "./test-request";

const svc = (id: string) => serviceById(id)!;

describe("a service's test request", () => {
  it("Stripe: GET /v1/balance on api.stripe.com with the key as a Bearer token", () => {
    const r = buildTestRequest(svc("stripe"), { type: "bearer", token: "sk_test_1", fieldName: null })!;
    expect(r.method).toBe("GET");
    expect(r.url.href).toBe("https://api.stripe.com/v1/balance");
    expect(r.headers.authorization).toBe("Bearer sk_test_1");
  });

  it("Anthropic: the key in x-api-key with the anthropic-version header", () => {
    const r = buildTestRequest(svc("anthropic"), { type: "header", value: "sk-ant-1", fieldName: "x-api-key" })!;
    expect(r.url.href).toBe("https://api.anthropic.com/v1/models");
    expect(r.headers["x-api-key"]).toBe("sk-ant-1");
    expect(r.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it("Twilio: the Account SID is the Basic username and, encoded, the path", () => {
    const r = buildTestRequest(svc("twilio"), { type: "basic", username: "AC1/../x", password: "tok", fieldName: null })!;
    expect(r.url.pathname).toBe("/2010-04-01/Accounts/AC1%2F..%2Fx.json");
    expect(r.url.host).toBe("api.twilio.com");
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from("AC1/../x:tok").toString("base64")}`);
    expect(buildTestRequest(svc("twilio"), { type: "bearer", token: "t", fieldName: null })).toBeNull();
  });

  it("Slack: POST auth.test; the override replaces only the origin", () => {
    const r = buildTestRequest(svc("slack"), { type: "bearer", token: "xoxb-1", fieldName: null }, "http://127.0.0.1:4010")!;
    expect(r.method).toBe("POST");
    expect(r.url.href).toBe("http://127.0.0.1:4010/api/auth.test");
  });

  it("Custom API has no test request", () => {
    expect(buildTestRequest(svc("custom"), { type: "bearer", token: "t", fieldName: null })).toBeNull();
  });

  it("verdicts: 2xx works, 401 wrong or revoked, 403 lacks permission, no answer unreachable; Slack's ok field decides its 200s", () => {
    expect(verdictOf(svc("stripe"), 200, "")).toBe("ok");
    expect(verdictOf(svc("stripe"), 401, "")).toBe("unauthorized");
    expect(verdictOf(svc("stripe"), 403, "")).toBe("forbidden");
    expect(verdictOf(svc("stripe"), 500, "")).toBe("other");
    expect(verdictOf(svc("stripe"), null, "")).toBe("unreachable");
    expect(verdictOf(svc("slack"), 200, '{"ok":true}')).toBe("ok");
    expect(verdictOf(svc("slack"), 200, '{"ok":false,"error":"invalid_auth"}')).toBe("unauthorized");
    expect(verdictOf(svc("slack"), 200, '{"ok":false,"error":"missing_scope"}')).toBe("forbidden");
    expect(verdictOf(svc("slack"), 200, "<html>")).toBe("other");
  });
});
