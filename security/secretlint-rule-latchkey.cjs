// secretlint rule for Latchkey API keys (format: lib/keys/format.ts).
// Self-contained CommonJS on purpose: secretlint loads it with a plain import(), outside the
// app's TypeScript/path-alias setup, so it cannot import lib/keys/format.ts.
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS file, see above
const { crc32 } = require("node:zlib");

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Must stay identical to the regex in security/gitleaks.toml (the test checks it). \b marks a
// whole token: a key glued to other word characters ([0-9A-Za-z_], the same set in JS and Go
// RE2) is part of a longer identifier, not a key.
const KEY_REGEX_SOURCE = String.raw`\b(lk_[0-9A-Za-z]{38})\b`;

/** Fixed-width base62, most significant digit first (mirrors encodeBase62 in lib/keys). */
function base62(value, width) {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** The checksum is what separates a real key from a look-alike: 1 in 2^32 passes by chance. */
function hasValidChecksum(key) {
  return base62(crc32(key.slice(0, 35)), 6) === key.slice(35);
}

const messages = {
  LATCHKEY_API_KEY: {
    en: (props) => `found Latchkey API key: ${props.KEY}`,
  },
};

/** @type {import("@secretlint/types").SecretLintRuleCreator} */
const creator = {
  messages,
  meta: {
    id: "latchkey-api-key",
    recommended: true,
    type: "scanner",
    supportedContentTypes: ["text"],
  },
  create(context) {
    const t = context.createTranslator(messages);
    return {
      file(source) {
        for (const match of source.content.matchAll(new RegExp(KEY_REGEX_SOURCE, "g"))) {
          const key = match[1];
          const start = match.index;
          if (!hasValidChecksum(key)) continue;
          context.report({
            message: t("LATCHKEY_API_KEY", { KEY: key }),
            range: [start, start + key.length],
          });
        }
      },
    };
  },
};

module.exports = { creator, KEY_REGEX_SOURCE };
