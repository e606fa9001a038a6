#!/usr/bin/env node
// `npm test`: every test, on both databases, against real parts.
//
//   static      typecheck, lint, migrations match the schema (both providers)
//   unit        pure logic (vitest project "unit")
//   integration the data layer and route handlers on a fresh SQLite file, then a fresh
//               PostgreSQL database (vitest project "integration")
//   e2e         the production build in Debian's chromium, once per database (Playwright)
//   cluster     whole `next start` instances of that build: two on one PostgreSQL and Redis,
//               and one through a PostgreSQL outage (a throwaway cluster the test makes)
//
// PostgreSQL (and Redis, which the PostgreSQL half uses for rate limits, as production would)
// are required: a run without them fails rather than silently testing half the matrix.
// LATCHKEY_TEST_DATABASES=sqlite opts out explicitly (and says so at the end).
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ensureBuilt, ensureInstalled, hasCommand, nodeBin, run } from "./lib/setup.mjs";

// scripts/lib/postgres.mjs needs `pg`, which a fresh clone has only after ensureInstalled().
let postgres;

const started = Date.now();
const databases = (process.env.LATCHKEY_TEST_DATABASES ?? "sqlite,postgresql").split(",");
const only = process.env.LATCHKEY_TEST_LAYERS?.split(","); // e.g. "unit,integration" while developing
const wants = (layer) => !only || only.includes(layer);

// Fixed secrets for the test servers and test processes; never the developer's .env ones.
const testEnv = {
  NEXTAUTH_SECRET: "test-nextauth-secret-0123456789abcdef0123456789",
  KEY_PEPPER: "test-key-pepper-0123456789abcdef0123456789abcdef",
  ENCRYPTION_KEYS: "t1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
  ENCRYPTION_KEY_ID: "t1",
  NEXT_TELEMETRY_DISABLED: "1",
};

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** The SQLite half runs with in-memory rate limits, the PostgreSQL half with Redis. */
const storesFor = (provider) => (provider === "postgresql" ? { REDIS_URL: redisUrl } : {});

function redisReachable() {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(3000);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => { socket.destroy(); resolve(data.toString().startsWith("+PONG")); });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => { socket.destroy(); resolve(false); });
  });
}

const timings = [];
function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  return Promise.resolve(fn()).then(() => timings.push([name, Date.now() - t0]));
}

async function withDatabase(provider, label, fn) {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `latchkey-${label}-`));
    try {
      await fn(`file:${path.join(dir, "test.db")}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const scratch = await postgres.createScratchDatabase(label);
  try {
    await fn(scratch.url);
  } finally {
    await postgres.dropDatabase(scratch.name);
  }
}

/** A vitest project on a fresh, migrated database of `provider`. */
const vitestOnDatabase = (project, provider, label) =>
  withDatabase(provider, label, (url) => {
    const env = { ...testEnv, ...storesFor(provider), DATABASE_URL: url };
    run(process.execPath, ["scripts/db.mjs", "deploy"], { env });
    run(nodeBin("vitest"), ["run", "--project", project], { env });
  });

function ensureChromium() {
  if (fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) return;
  // Playwright cannot download its browser here; Debian's chromium works.
  if (process.getuid?.() === 0 && hasCommand("apt-get")) run("apt-get", ["install", "-y", "chromium"]);
  else throw new Error("Chromium is missing: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.");
}

async function main() {
  ensureInstalled();
  postgres = await import("./lib/postgres.mjs");
  if (databases.includes("postgresql") && !(await postgres.postgresReachable())) {
    throw new Error(
      "PostgreSQL is not reachable (TEST_POSTGRES_URL or postgresql://postgres@127.0.0.1:5432). Start it, or run " +
        "LATCHKEY_TEST_DATABASES=sqlite npm test to test SQLite only.",
    );
  }
  if (databases.includes("postgresql") && !(await redisReachable())) {
    throw new Error(`Redis is not reachable at ${redisUrl} (TEST_REDIS_URL). Start it, or run LATCHKEY_TEST_DATABASES=sqlite npm test.`);
  }
  if (wants("static")) {
    await step("typecheck", () => run(nodeBin("tsc"), ["--noEmit"]));
    await step("lint", () => run(nodeBin("eslint"), [".", "--max-warnings=0"]));
    if (databases.includes("postgresql")) await step("migrations match the schema", () => run(process.execPath, ["scripts/check-migrations.mjs"]));
  }
  if (wants("unit")) await step("unit", () => run(nodeBin("vitest"), ["run", "--project", "unit"], { env: testEnv }));
  if (wants("integration")) {
    for (const provider of databases) {
      await step(`integration (${provider})`, () => vitestOnDatabase("integration", provider, "it"));
    }
  }
  if (wants("e2e")) {
    ensureChromium();
    await step("build", () => ensureBuilt());
    for (const provider of databases) {
      await step(`e2e (${provider})`, () =>
        withDatabase(provider, "e2e", (url) => run(nodeBin("playwright"), ["test"], { env: { ...testEnv, ...storesFor(provider), E2E_DATABASE_URL: url, E2E_TRACE: "off" } })),
      );
    }
  }
  if (wants("cluster") && databases.includes("postgresql")) {
    if (!wants("e2e")) await step("build", () => ensureBuilt());
    await step("cluster (postgresql + redis)", () => vitestOnDatabase("cluster", "postgresql", "cluster"));
  }
  console.log("\n=== summary");
  for (const [name, ms] of timings) console.log(`${name.padEnd(32)} ${(ms / 1000).toFixed(1)} s`);
  console.log(`${"total".padEnd(32)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (!databases.includes("postgresql")) console.log("\nWARNING: PostgreSQL was skipped (LATCHKEY_TEST_DATABASES). CI runs both.");
}

main().catch((error) => {
  console.error(`\nFAILED: ${error.message}`);
  process.exit(1);
});
