import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { changePasswordSchema, profileSchema, signUpSchema } from "./auth";
import { listKeysQuerySchema, updateKeyBodySchema } from "./api";
import { credentialSchema } from "./credentials";
import { keyDetailsSchema, keyListSchema } from "./keys";
import { normaliseText, text, textProblem } from "./text";
import { webhookSchema } from "./webhooks";

const name = text({ label: "Name", max: 20, required: "Enter a name." });
const notes = text({ label: "Notes", max: 200, multiline: true });
const messageOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues[0].message;
};

/** Hostile code units, ordinary text (including RTL letters and emoji), and anything else. */
const HOSTILE = ["\0", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\n", "\r", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", "\ud800", "\udfff", "e\u0301", "\u1100\u1161"];
const anyText = fc.string({
  unit: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u))),
  maxLength: 40,
});

describe("the shared text rule", () => {
  it.each([
    ["NUL", "a\0b"],
    ["a C0 control", "a\x1bb"],
    ["DEL", "a\x7fb"],
    ["a C1 control", "a\x85b"],
    ["a line break in a one-line field", "a\nb"],
    ["a tab in a one-line field", "a\tb"],
    ["a line separator", "a\u2028b"],
  ])("refuses %s with a message that names the field", (_what, value) => {
    expect(messageOf(name, value)).toBe("Name cannot contain line breaks, tabs or other control characters such as NUL.");
  });

  it.each(["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"])("refuses the bidi control %j", (bidi) => {
    expect(messageOf(name, `invoice${bidi}fdp.exe`)).toMatch(/^Name cannot contain characters that override the text direction/);
  });

  it.each([["a lone high surrogate", "a\ud800"], ["a lone low surrogate", "\udc00a"], ["a reversed pair", "\udc00\ud800"]])("refuses %s", (_what, value) => {
    expect(messageOf(name, value)).toBe("Name contains a broken character (half of a UTF-16 surrogate pair). Retype it.");
  });

  it("keeps tabs and line breaks in multi-line text, with LF line ends, and still refuses NUL there", () => {
    expect(notes.parse("line 1\r\nline 2\rline 3\n\tindented")).toBe("line 1\nline 2\nline 3\n\tindented");
    expect(messageOf(notes, "a\0")).toBe("Notes cannot contain control characters such as NUL (line breaks and tabs are fine).");
    expect(messageOf(notes, "a\u202eb")).toMatch(/override the text direction/);
  });

  it("accepts the world's text: accents, RTL letters, CJK, emoji, direction marks", () => {
    for (const value of ["Café", "מפתח ראשי", "مفتاح", "生产环境", "🔑 prod 👩‍💻", "a\u200eb", "Zoë"]) expect(name.parse(value)).toBe(value);
  });

  it("normalises to NFC and trims, so the same name typed two ways is one name", () => {
    expect(name.parse("  Cafe\u0301 ")).toBe("Café");
    expect(name.parse("\u1100\u1161")).toBe("\uac00");
    expect(name.parse("Cafe\u0301")).toBe(name.parse("Caf\u00e9"));
  });

  it("counts the length after normalising and refuses empty or non-string input with the required message", () => {
    expect(name.parse(`${"e\u0301".repeat(20)}`)).toHaveLength(20);
    expect(messageOf(name, "x".repeat(21))).toBe("Name must be at most 20 characters.");
    for (const value of ["", "   ", 42, null, ["a"], { a: 1 }]) expect(messageOf(name, value)).toBe("Enter a name.");
    expect(notes.parse("")).toBe("");
  });

  it("for any string, what it accepts is NFC, trimmed, within the limit and passes the rule; what it refuses has a message", () => {
    // Each branch asserts only on the inputs that reach it: count both, so a rule that
    // accepted (or refused) everything cannot pass by leaving one branch unvisited.
    const reached = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(anyText, fc.boolean(), (value, multiline) => {
        const schema = text({ label: "Field", max: 30, multiline });
        const result = schema.safeParse(value);
        reached[result.success ? "accepted" : "refused"]++;
        if (result.success) {
          expect(textProblem(result.data, multiline)).toBeNull();
          expect(result.data).toBe(normaliseText(result.data, multiline));
          expect(result.data.length).toBeLessThanOrEqual(30);
          expect(textProblem(value, multiline)).toBeNull();
        } else {
          expect(result.error.issues[0].message).toMatch(/^Field /);
        }
      }),
      { numRuns: 5_000 },
    );
    expect(reached.accepted).toBeGreaterThan(100);
    expect(reached.refused).toBeGreaterThan(100);
  });
});

describe("every form and API schema applies the rule to its text fields", () => {
  const cases: Array<[string, z.ZodType, Record<string, unknown>, string]> = [
    ["key name", keyDetailsSchema, { name: "ok", description: "" }, "name"],
    ["key description", keyDetailsSchema, { name: "ok", description: "" }, "description"],
    ["key name (PATCH)", updateKeyBodySchema, { name: "ok" }, "name"],
    ["key description (PATCH)", updateKeyBodySchema, { description: "ok" }, "description"],
    ["search (API)", listKeysQuerySchema, { q: "ok" }, "q"],
    ["credential name", credentialSchema, { name: "ok", type: "header", fieldName: "X-Api-Key", value: "s" }, "name"],
    ["credential field name", credentialSchema, { name: "ok", type: "header", fieldName: "X-Api-Key", value: "s" }, "fieldName"],
    ["webhook name", webhookSchema, { name: "ok", url: "https://example.com/hook", events: ["key.created"], credentialId: "none" }, "name"],
    ["webhook URL", webhookSchema, { name: "ok", url: "https://example.com/hook", events: ["key.created"], credentialId: "none" }, "url"],
    ["profile name", profileSchema, { name: "ok", email: "a@example.com" }, "name"],
    ["sign-up name", signUpSchema, { name: "ok", email: "a@example.com", password: "correct horse battery" }, "name"],
  ];

  it.each(cases)("%s: NUL, a bidi override and a lone surrogate are field errors", (_what, schema, valid, field) => {
    expect(schema.safeParse(valid).success).toBe(true);
    for (const bad of ["\0", "\u202e", "\ud800"]) {
      const result = schema.safeParse({ ...valid, [field]: `${String(valid[field]).slice(0, 8)}${bad}` });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual([field]);
      expect(result.error?.issues[0].message).toMatch(/cannot contain|broken character/);
    }
  });

  it("stores names in NFC through the key, webhook and credential schemas", () => {
    expect(keyDetailsSchema.parse({ name: "Cafe\u0301" }).name).toBe("Café");
    expect(credentialSchema.parse({ name: "Cafe\u0301", type: "bearer", token: "t" }).name).toBe("Café");
    expect(listKeysQuerySchema.parse({ q: "cafe\u0301" }).q).toBe("café");
  });

  it("the list page ignores a search the rule refuses instead of failing", () => {
    expect(keyListSchema.parse({ q: "a\0" }).query).toBe("");
  });

  it("passwords are not text: they are compared byte for byte, so the rule leaves them alone", () => {
    expect(changePasswordSchema.safeParse({ currentPassword: "old\u202e\0", newPassword: "new pass\tword", confirmPassword: "new pass\tword" }).success).toBe(true);
  });
});
