import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

// Pick a free port once in the main process; workers inherit process.env.
process.env.E2E_PORT ??= execFileSync(process.execPath, ["scripts/free-port.mjs"]).toString().trim();
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
// The test mail server (e2e/mail-sink.ts): SMTP for the app, HTTP for the specs to read mail.
process.env.E2E_SMTP_PORT ??= execFileSync(process.execPath, ["scripts/free-port.mjs"]).toString().trim();
process.env.E2E_MAIL_HTTP_PORT ??= execFileSync(process.execPath, ["scripts/free-port.mjs"]).toString().trim();
// The stand-in for third-party APIs (Stripe, OpenAI...) that "Test connection" calls instead of
// the internet: e2e/catalogue.spec.ts listens on this port.
process.env.E2E_SERVICE_PORT ??= execFileSync(process.execPath, ["scripts/free-port.mjs"]).toString().trim();
// scripts/test.mjs makes a fresh database per run; by hand, a scratch SQLite file.
process.env.E2E_DATABASE_URL ??= "file:./prisma/e2e.db";
// The server's output goes to a file too, so a test can assert no secret was ever logged.
process.env.E2E_SERVER_LOG ??= path.join(os.tmpdir(), `latchkey-e2e-${port}.log`);

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // CI keeps the end of the output: each failure's gist is printed last (e2e/last-words-reporter.ts).
  reporter: process.env.CI ? [["dot"], ["./e2e/last-words-reporter.ts"]] : "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    // A trace makes every test about 30% slower (members + keys specs: 188 s with, 130 s
    // without). `npm test` turns it off (its output says what failed); a spec run by hand keeps it.
    trace: process.env.E2E_TRACE === "off" ? "off" : "retain-on-failure",
    // No `npx playwright install` offline: Debian's chromium (apt-get install -y chromium).
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: [
    {
      // A real SMTP server on 127.0.0.1 keeping every message in memory; specs read them over HTTP.
      command: `node --import tsx e2e/mail-sink.ts ${process.env.E2E_SMTP_PORT} ${process.env.E2E_MAIL_HTTP_PORT}`,
      url: `http://127.0.0.1:${process.env.E2E_MAIL_HTTP_PORT}/messages`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The production build (npm test builds it first), on a freshly migrated database.
      command: `node scripts/db.mjs deploy && node server.mjs -H 127.0.0.1 -p ${port} 2>&1 | tee ${process.env.E2E_SERVER_LOG}`,
      url: `${baseURL}/sign-in`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: {
        DATABASE_URL: process.env.E2E_DATABASE_URL,
        NEXTAUTH_URL: baseURL,
        NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-nextauth-secret-0123456789abcdef0123456789",
        KEY_PEPPER: process.env.KEY_PEPPER ?? "e2e-key-pepper-0123456789abcdef0123456789abcdef",
        ENCRYPTION_KEYS: process.env.ENCRYPTION_KEYS ?? "e1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        ENCRYPTION_KEY_ID: process.env.ENCRYPTION_KEY_ID ?? "e1",
        // Short, so the e2e test can watch "Last used" appear without waiting a minute.
        LAST_USED_FLUSH_MS: "1000",
        // Many tests share 127.0.0.1; the throttle itself is tested in tests/integration/rate-limits.test.ts.
        FAILED_AUTH_PER_MINUTE: "1000",
        SIGN_IN_FAILURES_PER_IP: "1000",
        SIGN_UPS_PER_IP_PER_HOUR: "100000",
        KEY_CREATES_PER_USER_PER_HOUR: "100000",
        NEXT_TELEMETRY_DISABLED: "1",
        // The webhook test's receiver listens on 127.0.0.1; production keeps private networks off
        // (tests/integration/webhook-ssrf.test.ts). Short polls and retries keep the test quick.
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
        WEBHOOK_POLL_MS: "300",
        WEBHOOK_RETRY_BASE_MS: "500",
        // Test-only: every service's test request goes to the spec's stand-in server (lib/env.ts).
        LATCHKEY_SERVICE_BASE_URL_OVERRIDE: `http://127.0.0.1:${process.env.E2E_SERVICE_PORT}`,
        // Mail goes to the test mail server; specs other than mail.spec.ts need not verify addresses.
        SMTP_URL: `smtp://127.0.0.1:${process.env.E2E_SMTP_PORT}`,
        REQUIRE_EMAIL_VERIFICATION: "false",
        // The instance admins (e2e/admin-setup.ts signs up and verifies the first; the second stays unverified).
        LATCHKEY_ADMIN_EMAILS: "e2e-admin@example.test,e2e-unverified-admin@example.test",
      },
    },
  ],
});
