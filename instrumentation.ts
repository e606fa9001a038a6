/**
 * Runs once when a server instance starts: the webhook delivery worker begins here, so stored
 * deliveries are sent (and retried after a restart) without waiting for a request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startWebhookWorker } = await import("./lib/webhooks/worker");
  startWebhookWorker();
}
