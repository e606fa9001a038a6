import fc from "fast-check";

/**
 * Generated hostile input for the API fuzz (fuzz.test.ts): any Unicode, with the characters
 * that broke or could break something over-represented, in every place a value can go.
 */

/** NUL and other controls, line breaks, bidi controls, lone surrogates, decomposed letters. */
const NASTY = ["\0", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\n", "\r\n", "\u2028", "\u202e", "\u2066", "\u2069", "\ud800", "\udbff", "\udc00", "e\u0301", "\ufeff", "\uffff", "%", "'", '"', "\\", "_"];

const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)) },
  { weight: 3, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 ]$/) },
);

/** Short text of any Unicode code units, lone surrogates included. */
export const anyText = fc.string({ unit, maxLength: 30 });

/** Text around the length limits, and far past them. */
export const longText = fc.oneof(
  fc.string({ unit, minLength: 60, maxLength: 260 }),
  fc.constantFrom(64, 65, 100, 101, 200, 201, 2_000, 100_000).map((n) => "x".repeat(n)),
  fc.constantFrom(65, 201, 5_000).map((n) => "\u0000".repeat(n)),
);

/** Text the rule should accept as it is: any code points, none of the nasty ones. */
export const benignText = fc.string({ unit: "binary", maxLength: 30 }).filter((s) => !/[\0-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(s) && s.trim() !== "");

export const anyString = fc.oneof({ weight: 4, arbitrary: benignText }, { weight: 4, arbitrary: anyText }, { weight: 1, arbitrary: longText });

/** Whatever JSON can hold where a string belongs. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: anyString },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.array(anyString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(anyText, anyString, { maxKeys: 2 }) },
);

/**
 * A request body. JSON.stringify writes lone surrogates and controls as escapes
 * ("\ud800", "\u0000"), which is how an attacker gets them past UTF-8 encoding.
 */
export const jsonBody = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 8, arbitrary: value.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: anyText },
    {
      weight: 1,
      arbitrary: fc.constantFrom('{"name":"\\ud800"}', '{"name":"a\\u0000b"}', '{"name":"\\udfff\\ud800"}', '{"keys":["\\ud800"]}', '{"key":"\\u0000"}', '{"q":', "", "null", "[]", '"x"', "{\"__proto__\":{\"name\":1}}"),
    },
  );

/** Percent-encoded bytes, including ones that are not UTF-8 (a lone surrogate's CESU-8 form). */
const encodedUnit = fc.oneof(
  { weight: 4, arbitrary: unit.map((u) => Array.from(new TextEncoder().encode(u), (b) => `%${b.toString(16).padStart(2, "0")}`).join("")) },
  { weight: 2, arbitrary: fc.constantFrom("%00", "%ED%A0%80", "%C0%80", "%FF", "%E2%80%AE", "%0A", "%", "%zz", "+", "%2B", "&q=", "&q[]=") },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9]$/) },
);
export const encodedQuery = fc.oneof(fc.array(encodedUnit, { maxLength: 40 }).map((parts) => parts.join("")), fc.constant("x".repeat(5_000)));
