#!/usr/bin/env node
// `npm start`: from a fresh clone to a running app. Writes .env with generated secrets on the
// first run, installs, migrates, builds when sources changed, then serves on PORT (3000).
import { spawn } from "node:child_process";
import { ensureBuilt, ensureInstalled, root, run } from "./lib/setup.mjs";

run(process.execPath, ["scripts/ensure-env.mjs"]);
ensureInstalled();
run(process.execPath, ["scripts/db.mjs", "deploy"]);
ensureBuilt();

const port = process.env.PORT ?? "3000";
console.log(`[start] Latchkey on http://localhost:${port} (seed a demo account with: npm run db:seed)`);
// server.mjs, not `next start`: it takes the client's address from the socket (see there).
const server = spawn(process.execPath, ["server.mjs", "-p", port], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
