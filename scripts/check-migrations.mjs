#!/usr/bin/env node
// Fails when prisma/models.prisma has a change without a migration for each provider:
// replays prisma/migrations/<provider>/ into a scratch database and diffs it against the schema.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { postgresUrl } from "./lib/postgres.mjs";

const targets = [
  ["sqlite", `file:${path.join(os.tmpdir(), `latchkey-check-${process.pid}.db`)}`],
  ["postgresql", postgresUrl()],
];
let failed = false;
for (const [provider, url] of targets) {
  const run = spawnSync(process.execPath, ["scripts/db.mjs", "diff"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (run.status === 0) {
    console.log(`[db:check] ${provider}: migrations match the schema`);
  } else {
    failed = true;
    console.error(`[db:check] ${provider}: the schema has changes without a migration (exit ${run.status}):`);
    console.error(run.stdout || run.stderr);
    console.error(`Run: DATABASE_URL=<a ${provider} url> npm run db:migrate -- --name <what-changed>`);
  }
}
process.exit(failed ? 1 : 0);
