import { describe, expect, it } from "vitest";
import { applyCredential } from "./apply-credential";

const apply = (secret: Parameters<typeof applyCredential>[0]) => {
  const url = new URL("https://receiver.example/hook?x=1");
  const headers = new Headers({ "content-type": "application/json" });
  applyCredential(secret, url, headers);
  return { url: url.toString(), headers: Object.fromEntries(headers) };
};

describe("each credential type reaches the receiver exactly as configured", () => {
  it("Bearer token", () => {
    expect(apply({ type: "bearer", token: "tok_123", fieldName: null }).headers.authorization).toBe("Bearer tok_123");
  });
  it("Basic auth, UTF-8 and colons in the password included", () => {
    const { headers } = apply({ type: "basic", username: "ünïcode", password: "p:ss", fieldName: null });
    expect(Buffer.from(headers.authorization.replace("Basic ", ""), "base64").toString("utf8")).toBe("ünïcode:p:ss");
  });
  it("API key in a named header, nothing in the URL", () => {
    const { url, headers } = apply({ type: "header", value: "k-1", fieldName: "X-Stripe-Key" });
    expect(headers["x-stripe-key"]).toBe("k-1");
    expect(url).toBe("https://receiver.example/hook?x=1");
  });
  it("API key in a named query parameter, nothing in the headers", () => {
    const { url, headers } = apply({ type: "query", value: "k&2=", fieldName: "api_key" });
    expect(new URL(url).searchParams.get("api_key")).toBe("k&2=");
    expect(new URL(url).searchParams.get("x")).toBe("1");
    expect(headers.authorization).toBeUndefined();
  });
});
