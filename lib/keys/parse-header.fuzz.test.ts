import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateKey } from "./format";
import { parseApiKey } from "./parse-header";

// Header values as a client could send them: printable ASCII and tabs (fetch's Headers
// refuses control characters and non-Latin-1, which never reach a route handler anyway).
const headerValue = fc.stringMatching(/^[\t\x20-\x7e]{0,120}$/).map((s) => s.trim());
const keyish = fc.oneof(
  headerValue,
  fc.constant(generateKey()),
  fc.tuple(fc.constantFrom("ApiKey ", "Bearer ", "apikey  ", "Basic ", ""), fc.oneof(headerValue, fc.constant(generateKey()))).map(([a, b]) => a + b),
);

describe("parseApiKey under fuzzing", () => {
  it("never throws, and accepts only well-formed keys from the documented headers", () => {
    // Both branches below assert, but only on the inputs that reach them: count the accepted
    // ones, so a parser that refused everything cannot pass by never reaching the first.
    let accepted = 0;
    fc.assert(
      fc.property(fc.option(keyish), fc.option(keyish), fc.stringMatching(/^[a-z_=&0-9%]{0,40}$/), (authorization, xApiKey, query) => {
        const headers = new Headers();
        if (authorization !== null) headers.set("authorization", authorization);
        if (xApiKey !== null) headers.set("x-api-key", xApiKey);
        const result = parseApiKey(headers, new URL(`https://latchkey.test/api/v1/me?${query}`));
        if (result.ok) {
          accepted++;
          expect(result.key).toMatch(/^lk_[0-9A-Za-z]{38}$/);
          expect([authorization, xApiKey].some((h) => h?.endsWith(result.key))).toBe(true);
        } else {
          expect(["missing", "malformed", "in_query"]).toContain(result.reason);
        }
      }),
      { numRuns: 5_000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
