import Module from "node:module";

// typescript-eslint (inside eslint-config-next) refuses TypeScript 7, the native port this
// project type-checks with. Until it supports it, typescript-eslint and its helpers get, for their requires of
// "typescript" get TypeScript 6 (the `typescript6` alias); `tsc` and `next build` keep using 7.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === "typescript" && /[\\/](@?typescript-eslint|ts-api-utils|eslint-import-resolver-typescript)[\\/]/.test(parent?.filename ?? "")) request = "typescript6";
  return resolve.call(this, request, parent, ...rest);
};

const { default: nextVitals } = await import("eslint-config-next/core-web-vitals");
const { default: nextTs } = await import("eslint-config-next/typescript");

// The layer rules (docs/architecture.md). Tests may read the database to check what a change
// did; everything else reaches it through lib/dal. tests/unit/layers.test.ts proves each rule fires.
const TESTS = ["**/*.test.ts", "**/*.spec.ts", "tests/**", "e2e/**"];
const DATABASE = {
  group: ["@/lib/db", "@/lib/generated/*", "@prisma/*", "pg", "better-sqlite3", "**/lib/db", "**/generated/**"],
  message: "Only lib/dal touches the database: add a DAL function and call that.",
  allowTypeImports: true,
};
const APP = { group: ["@/app/*", "**/app/*"], message: "lib/ never imports app/: move what both need into lib/." };
const HTTP = { group: ["@/lib/http/*", "../http/*"], message: "The DAL does not depend on HTTP: it takes a Viewer and returns results; lib/http maps them to responses." };
// Every change to a key goes through changeKeys() (lib/dal/key-change-protocol.ts), which
// writes the log row, the webhook event and the cache notice with it.
const KEY_WRITES = {
  selector: "CallExpression[callee.object.property.name='apiKey'][callee.property.name=/^(create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)$/]",
  message: "Change keys only through changeKeys() in lib/dal/key-change-protocol.ts: it writes the audit row, the webhook event and the cache notice with the change.",
};

// A Viewer is made only from a verified session or a verified API key (lib/viewer.ts).
const VIEWER = { group: ["@/lib/viewer-issue", "**/viewer-issue"], message: "Only lib/session.ts and the API-key verification (lib/dal/verify.ts, for withApiKey) make a Viewer: take one as a parameter." };

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  // Later blocks override earlier ones for the same rule, so each lists every pattern it needs.
  { files: ["**/*.{ts,tsx,js,mjs}"], ignores: [...TESTS, "lib/dal/**", "lib/db.ts", "scripts/db.mjs", "scripts/lib/**", "scripts/check-migrations.mjs", "scripts/bench.mjs", "eslint.config.js"], rules: { "no-restricted-imports": ["error", { patterns: [DATABASE, VIEWER] }] } },
  { files: ["scripts/seed.ts"], rules: { "no-restricted-imports": ["error", { patterns: [DATABASE] }] } },
  { files: ["lib/**/*.{ts,tsx,mjs}"], ignores: [...TESTS, "lib/dal/**", "lib/db.ts", "lib/session.ts", "lib/viewer-issue.ts"], rules: { "no-restricted-imports": ["error", { patterns: [DATABASE, APP, VIEWER] }] } },
  { files: ["lib/session.ts"], rules: { "no-restricted-imports": ["error", { patterns: [DATABASE, APP] }] } },
  { files: ["lib/dal/**/*.ts"], ignores: [...TESTS, "lib/dal/verify.ts"], rules: { "no-restricted-imports": ["error", { patterns: [APP, HTTP, VIEWER] }] } },
  { files: ["lib/dal/verify.ts"], rules: { "no-restricted-imports": ["error", { patterns: [APP, HTTP] }] } },
  {
    files: ["**/*.{ts,tsx}"],
    // The protocol itself; the batched last-used writer and the expiry-notice flag are not key changes.
    ignores: [...TESTS, "lib/dal/key-change-protocol.ts", "lib/dal/activity-write.ts", "lib/dal/webhook-expiry.ts"],
    rules: { "no-restricted-syntax": ["error", KEY_WRITES] },
  },
];

export default config;
