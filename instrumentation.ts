/**
 * Runs once when a server instance starts:
 * - the webhook delivery worker begins here, so stored deliveries are sent (and retried after
 *   a restart) without waiting for a request;
 * - on PostgreSQL, the listener that hears other instances' key changes (lib/dal/key-sync.ts);
 * - proxy.ts gets the health probe through the process, so it can answer 503 while the
 *   database is down without bundling the database client itself.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const [{ startWebhookWorker }, { startKeySync }, { health }] = await Promise.all([
    import("./lib/webhooks/worker"),
    import("./lib/dal/key-sync"),
    import("./lib/health"),
  ]);
  (globalThis as { __latchkeyHealth?: typeof health }).__latchkeyHealth = health;
  startKeySync();
  startWebhookWorker();
}
