import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { lintSource } from "@secretlint/core";
import type { SecretLintRuleCreator } from "@secretlint/types";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { randomBase62 } from "@/lib/keys/base62";
import { generateKey, isWellFormedKey } from "@/lib/keys/format";

const here = import.meta.dirname;

type GitleaksRule = { id: string; regex: string; secretGroup: number; entropy: number; keywords: string[] };
const gitleaks = parse(readFileSync(path.join(here, "gitleaks.toml"), "utf8")) as {
  extend: { useDefault: boolean };
  rules: GitleaksRule[];
};
const rule = gitleaks.rules.find((r) => r.id === "latchkey-api-key")!;

// Load the rule with Node's own require, as secretlint does, not through vitest's transform.
const { creator, KEY_REGEX_SOURCE } = createRequire(import.meta.url)("./secretlint-rule-latchkey.cjs") as {
  creator: SecretLintRuleCreator;
  KEY_REGEX_SOURCE: string;
};

/** Where keys really end up: source code, HTTP headers, env files, JSON, URLs, a bare line. */
const CONTEXTS = [
  (s: string) => `const key = "${s}";`,
  (s: string) => `Authorization: ApiKey ${s}\r\n`,
  (s: string) => `LATCHKEY_KEY=${s}`,
  (s: string) => `{"apiKey":"${s}","env":"prod"}`,
  (s: string) => `curl 'https://latchkey.example/api?key=${s}&v=1'`,
  (s: string) => s,
];

/** Every (match, secret group) the gitleaks regex finds, evaluated as JS. */
function gitleaksFindings(text: string): string[] {
  return [...text.matchAll(new RegExp(rule.regex, "g"))].map((m) => m[rule.secretGroup]);
}

/** Shannon entropy in bits per character, the measure gitleaks compares with `entropy`. */
function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return -[...counts.values()].reduce((sum, n) => sum + (n / s.length) * Math.log2(n / s.length), 0);
}

async function secretlint(content: string) {
  const result = await lintSource({
    source: { content, filePath: "/virtual/sample.env", ext: ".env", contentType: "text" },
    options: { config: { rules: [{ id: creator.meta.id, rule: creator }] } },
  });
  return result.messages;
}

describe("gitleaks rule latchkey-api-key", () => {
  it("extends the default rules and pre-filters on the lk_ keyword", () => {
    expect(gitleaks.extend.useDefault).toBe(true);
    expect(rule.keywords).toEqual(["lk_"]);
  });

  it("uses only syntax Go RE2 accepts (no lookaround, no backreferences)", () => {
    expect(rule.regex).not.toMatch(/\(\?<?[=!]|\\[1-9]|\\k</);
  });

  it("is the same pattern the secretlint rule uses, so the two scanners cannot drift", () => {
    expect(KEY_REGEX_SOURCE).toBe(rule.regex);
  });

  it("extracts exactly the key from 1,000 generated keys in realistic text", () => {
    for (let i = 0; i < 1000; i++) {
      const key = generateKey();
      expect(gitleaksFindings(CONTEXTS[i % CONTEXTS.length](key))).toEqual([key]);
      // Below the threshold gitleaks would silently drop the finding.
      expect(shannon(key)).toBeGreaterThan(rule.entropy);
    }
  });

  it("lets the entropy threshold drop placeholder keys", () => {
    expect(shannon("lk_" + "x".repeat(38))).toBeLessThan(rule.entropy);
  });

  it("matches none of 1,000 look-alike strings of other shapes", () => {
    const lookAlikes = [
      () => randomBase62(41), // right length, no prefix
      () => "lk_" + randomBase62(30), // too short
      () => "lk_" + randomBase62(40), // too long
      () => "LK_" + randomBase62(38), // wrong-case prefix
      () => "sk_live_" + randomBase62(33), // another vendor's key, same length
      () => "xk_" + generateKey().slice(3), // right body, other prefix
      () => "abc" + generateKey(), // a real key glued inside a longer word...
      () => generateKey() + "Z9",
      () => "my_" + generateKey(), // ...including via "_", a word character
    ];
    const found: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const text = CONTEXTS[i % CONTEXTS.length](lookAlikes[i % lookAlikes.length]());
      found.push(...gitleaksFindings(text));
    }
    expect(found).toEqual([]);
  });
});

describe("secretlint rule latchkey-api-key", () => {
  it("reports a real key once, with the range of exactly the key", async () => {
    const key = generateKey();
    const content = `# production\nLATCHKEY_KEY=${key}\nOTHER=1\n`;
    const messages = await secretlint(content);
    expect(messages).toHaveLength(1);
    expect(messages[0].messageId).toBe("LATCHKEY_API_KEY");
    const [start, end] = messages[0].range;
    expect(start).toBe(content.indexOf(key));
    expect(content.slice(start, end)).toBe(key);
  });

  it("computes the same checksum as lib/keys: all 1,000 generated keys are reported", async () => {
    const keys = Array.from({ length: 1000 }, generateKey);
    const content = keys.map((k, i) => CONTEXTS[i % CONTEXTS.length](k)).join("\n");
    const reported = (await secretlint(content)).map((m) => content.slice(...m.range));
    expect(reported).toEqual(keys);
  });

  it("does not report a key with any one character changed (checksum mismatch)", async () => {
    const key = generateKey();
    for (let i = 3; i < key.length; i++) {
      const replacement = key[i] === "A" ? "B" : "A";
      const typo = key.slice(0, i) + replacement + key.slice(i + 1);
      // Premise: still key-shaped, so only the checksum can reject it.
      expect(gitleaksFindings(typo)).toEqual([typo]);
      expect(await secretlint(`LATCHKEY_KEY=${typo}\n`)).toEqual([]);
    }
  });

  it("reports none of 500 random key-shaped strings (checksum right by chance: 500 in 2^32)", async () => {
    const fakes = Array.from({ length: 500 }, () => "lk_" + randomBase62(38));
    expect(fakes.filter(isWellFormedKey)).toEqual([]);
    const content = fakes.map((f) => `LATCHKEY_KEY=${f}`).join("\n");
    expect(gitleaksFindings(content)).toHaveLength(500); // the shape alone would flag them all
    expect(await secretlint(content)).toEqual([]);
  });
});
