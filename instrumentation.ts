/**
 * Runs once when a server instance starts:
 * - the webhook delivery worker begins here, so stored deliveries are sent (and retried after
 *   a restart) without waiting for a request;
 * - on PostgreSQL, the listener that hears other instances' key changes (lib/dal/key-sync.ts);
 * - proxy.ts gets the health probe through the process, so it can answer 503 while the
 *   database is down without bundling the database client itself;
 * - the retention job that deletes expired rows (lib/dal/retention.ts), on every instance;
 * - the hook server.mjs awaits on SIGTERM/SIGINT once requests have finished: it writes the
 *   usage counts and last-used times still in memory (only a crash can lose them) and stops
 *   the retention job.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const [{ startWebhookWorker }, { startKeySync }, { health }, { flushActivity }, { startRetention, stopRetention }] = await Promise.all([
    import("./lib/webhooks/worker"),
    import("./lib/dal/key-sync"),
    import("./lib/health"),
    import("./lib/dal/activity"),
    import("./lib/dal/retention"),
  ]);
  (globalThis as { __latchkeyHealth?: typeof health }).__latchkeyHealth = health;
  (globalThis as { __latchkeyBeforeExit?: () => Promise<void> }).__latchkeyBeforeExit = async () => {
    await Promise.all([flushActivity(), stopRetention()]);
  };
  startKeySync();
  startWebhookWorker();
  startRetention();
  // `next start` believes a client's own X-Forwarded-For: per-IP limits then count whatever
  // address the client names. server.mjs sets this flag before Next loads.
  if (process.env.NODE_ENV === "production" && !(globalThis as { __latchkeyServer?: boolean }).__latchkeyServer) {
    console.warn("[latchkey] started without server.mjs: client addresses cannot be trusted. Run `node server.mjs` (npm start does).");
  }
}
