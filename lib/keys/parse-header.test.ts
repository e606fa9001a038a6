import { describe, expect, it } from "vitest";
import { generateKey } from "./format";
import { parseApiKey } from "./parse-header";

const url = new URL("https://latchkey.test/api/v1/me");
const parse = (headers: Record<string, string>, at = url) => parseApiKey(new Headers(headers), at);
const key = generateKey();

describe("accepted forms", () => {
  it.each([
    ["Authorization: ApiKey", { authorization: `ApiKey ${key}` }],
    ["Authorization: Bearer", { authorization: `Bearer ${key}` }],
    ["scheme in any case", { authorization: `apikey ${key}` }],
    ["BEARER in capitals", { authorization: `BEARER ${key}` }],
    ["X-API-Key", { "x-api-key": key }],
    ["X-API-Key with surrounding spaces", { "x-api-key": `  ${key} ` }],
    ["both headers carrying the same key", { authorization: `Bearer ${key}`, "x-api-key": key }],
  ])("%s", (_name, headers) => {
    expect(parse(headers)).toEqual({ ok: true, key });
  });

  it("ignores unrelated query parameters", () => {
    expect(parse({ "x-api-key": key }, new URL("https://latchkey.test/api/v1/me?page=2&q=key"))).toEqual({ ok: true, key });
  });
});

describe("refused forms", () => {
  it("reports a request without any key as missing", () => {
    expect(parse({})).toEqual({ ok: false, reason: "missing" });
  });

  it.each(["key", "api_key", "apiKey", "API_KEY", "access_token", "token"])("refuses ?%s= even with a valid header", (name) => {
    const at = new URL(`https://latchkey.test/api/v1/me?${name}=${key}`);
    expect(parse({ authorization: `ApiKey ${key}` }, at)).toEqual({ ok: false, reason: "in_query" });
  });

  const other = generateKey();
  const badChecksum = key.slice(0, -1) + (key.endsWith("a") ? "b" : "a");
  it.each([
    ["empty Authorization", { authorization: "" }],
    ["scheme only", { authorization: "ApiKey" }],
    ["scheme and space", { authorization: "ApiKey " }],
    ["Basic scheme", { authorization: `Basic ${Buffer.from(`user:${key}`).toString("base64")}` }],
    ["Token scheme", { authorization: `Token ${key}` }],
    ["no scheme", { authorization: key }],
    ["scheme glued to key", { authorization: `ApiKey${key}` }],
    ["two keys", { authorization: `ApiKey ${key} ${other}` }],
    ["comma-joined duplicate headers", { authorization: `ApiKey ${key}, ApiKey ${other}` }],
    ["bad checksum", { authorization: `ApiKey ${badChecksum}` }],
    ["truncated key", { authorization: `Bearer ${key.slice(0, -2)}` }],
    ["key with trailing junk", { authorization: `Bearer ${key}x` }],
    ["wrong prefix", { "x-api-key": "sk_" + key.slice(3) }],
    ["empty X-API-Key", { "x-api-key": "" }],
    ["quoted key", { "x-api-key": `"${key}"` }],
    ["different keys in the two headers", { authorization: `Bearer ${key}`, "x-api-key": other }],
    ["valid X-API-Key but malformed Authorization", { authorization: "Bearer nope", "x-api-key": key }],
    ["SQL in the header", { "x-api-key": "lk_' OR 1=1 --" }],
    ["very long value", { "x-api-key": "lk_" + "a".repeat(10_000) }],
  ])("%s is malformed", (_name, headers) => {
    expect(parse(headers)).toEqual({ ok: false, reason: "malformed" });
  });
});
