// Shared by `npm start` and `npm test`: bring a fresh clone (or a stale checkout) up to date,
// doing only the steps whose inputs changed.
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const inRoot = (...p) => path.join(root, ...p);

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status ?? result.signal}`);
  }
}

const mtime = (p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0);

/** npm install when node_modules is missing or older than the lockfile; regenerate clients. */
export function ensureInstalled() {
  const installed = inRoot("node_modules/.package-lock.json");
  if (!fs.existsSync(installed) || mtime(inRoot("package-lock.json")) > mtime(installed)) {
    console.log("[setup] installing dependencies (npm install)…");
    run("npm", ["install", "--no-audit", "--no-fund"]); // postinstall generates the Prisma clients
  } else if (mtime(inRoot("prisma/models.prisma")) > mtime(inRoot("lib/generated/sqlite/client.ts"))) {
    run("npm", ["run", "db:generate"]);
  }
}

function hashTree(hash, entry) {
  const stat = fs.statSync(entry);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) {
      if (name === "node_modules" || name === "generated" || name.endsWith(".test.ts")) continue;
      hashTree(hash, path.join(entry, name));
    }
  } else {
    hash.update(path.relative(root, entry)).update(fs.readFileSync(entry));
  }
}

const BUILD_INPUTS = ["app", "components", "lib", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/models.prisma"];

/** `next build` unless .next was built from exactly these sources. */
export function ensureBuilt() {
  const hash = crypto.createHash("sha256");
  for (const input of BUILD_INPUTS) if (fs.existsSync(inRoot(input))) hashTree(hash, inRoot(input));
  const digest = hash.digest("hex");
  const stamp = inRoot(".next/latchkey-build-hash");
  if (fs.existsSync(inRoot(".next/BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest) {
    console.log("[setup] build is up to date");
    return;
  }
  console.log("[setup] building (next build)…");
  run("npx", ["next", "build"], { env: { NEXT_TELEMETRY_DISABLED: "1" } });
  fs.writeFileSync(stamp, digest);
}

export const nodeBin = (name) => inRoot("node_modules/.bin", name);
export const hasCommand = (cmd) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
