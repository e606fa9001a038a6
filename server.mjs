#!/usr/bin/env node
// The production server: Next's request handler behind a plain node:http server, so that the
// client's address comes from the socket (lib/http/forwarding.mjs) and a stop flushes what is
// still in memory. `npm start`, the tests and the benchmark all run this; `next start` would
// believe a client's own X-Forwarded-For.
//
//   node server.mjs [-H 127.0.0.1] [-p 3000]      (or HOSTNAME / PORT)
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { parseEnv } from "node:util";
import next from "next";
import { trustForwarding } from "./lib/http/forwarding.mjs";

const root = path.dirname(new URL(import.meta.url).pathname);
// .env first (as Next would, later), so TRUSTED_PROXY_HOPS, PORT and HOSTNAME set there count
// here too; the process environment wins over the file, as it does for Next.
const dotenv = path.join(root, ".env");
if (fs.existsSync(dotenv)) {
  for (const [name, value] of Object.entries(parseEnv(fs.readFileSync(dotenv, "utf8")))) process.env[name] ??= value;
}

const arg = (flag) => {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const hostname = arg("-H") ?? process.env.HOSTNAME ?? "0.0.0.0";
const port = Number(arg("-p") ?? process.env.PORT ?? 3000);
const hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0);
if (!Number.isInteger(hops) || hops < 0 || hops > 10) {
  console.error("TRUSTED_PROXY_HOPS must be a whole number from 0 to 10.");
  process.exit(1);
}

process.env.NEXT_TELEMETRY_DISABLED = "1";
// Tells instrumentation.ts that forwarding headers are trustworthy in this process.
globalThis.__latchkeyServer = true;

const app = next({ dev: false, hostname, port, dir: root });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  trustForwarding(request.headers, { remoteAddress: request.socket.remoteAddress, encrypted: "encrypted" in request.socket }, hops);
  void handle(request, response);
});
server.listen(port, hostname, () => console.log(`[server] Latchkey listening on http://${hostname}:${port}`));

// A clean stop: no new connections, finish the requests in flight, then write what is only
// in memory (usage counts, last-used times; instrumentation.ts registers the hook), then exit.
// Only a crash or `kill -9` loses them.
let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: finishing requests and flushing before exit`);
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const cap = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());
  await Promise.race([closed, cap(10_000)]);
  try {
    await Promise.race([globalThis.__latchkeyBeforeExit?.(), cap(10_000)]);
  } catch (error) {
    console.error("[server] flush before exit failed:", error instanceof Error ? error.message : String(error));
  }
  await Promise.race([app.close(), cap(2_000)]).catch(() => undefined);
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
