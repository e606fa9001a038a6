#!/usr/bin/env node
// First run: write .env with the embedded defaults (SQLite) and freshly generated secrets.
// Later runs: add any secret a newer version needs, never touching values already there
// (changing KEY_PEPPER would invalidate every stored key hash).
import fs from "node:fs";
import crypto from "node:crypto";

const file = ".env";
const secret = () => crypto.randomBytes(32).toString("base64url");
const defaults = [
  ["DATABASE_URL", "file:./prisma/dev.db", "# SQLite by default. For PostgreSQL: postgresql://user:pass@host:5432/db"],
  ["NEXTAUTH_URL", "http://localhost:3000", "# The public URL of the app (next-auth builds its redirects from it)."],
  ["NEXTAUTH_SECRET", secret(), "# Signs and encrypts session tokens. Changing it signs everybody out."],
  ["KEY_PEPPER", secret(), "# HMAC key for API key hashes. Changing it invalidates every API key."],
  ["ENCRYPTION_KEYS", `k1:${crypto.randomBytes(32).toString("base64")}`, "# AES-256-GCM keys for stored credentials (id:base64,...). Rotation: see docs/deployment.md."],
  ["ENCRYPTION_KEY_ID", "k1", "# The key new credentials are sealed with."],
  ["NEXT_TELEMETRY_DISABLED", "1", null],
];

const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
const has = (name) => new RegExp(`^\\s*${name}\\s*=`, "m").test(existing);
const missing = defaults.filter(([name]) => !has(name) && !process.env[name]);
if (missing.length) {
  const lines = missing.flatMap(([name, value, comment]) => [...(comment ? [comment] : []), `${name}="${value}"`]);
  const prefix = existing && !existing.endsWith("\n") ? "\n" : "";
  fs.appendFileSync(file, prefix + lines.join("\n") + "\n", { mode: 0o600 });
  console.log(`[setup] ${existing ? "added" : "wrote"} ${missing.map(([n]) => n).join(", ")} to .env`);
}
