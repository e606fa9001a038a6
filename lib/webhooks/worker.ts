import "server-only";
import { env } from "@/lib/env";
import { queueExpiryNotices } from "@/lib/dal/webhook-expiry";
import { claimAndSend, drain, whenAttemptSettles } from "./claim";
import { setWebhookWake } from "./nudge";

export { claimAndSend, drain };

/**
 * The delivery worker. Every instance runs one (started from instrumentation.ts); they share
 * the work through the database: a delivery is taken by a compare-and-set on its lease, so two
 * instances never send the same attempt, and one that dies mid-send leaves a lease that
 * expires, after which another instance retries. Delivery is at least once: receivers drop
 * duplicates by webhook-id. Which deliveries go next, fairly across accounts: ./claim.ts.
 */
const EXPIRY_SCAN_MS = 60_000;

let lastExpiryScan = 0;
let timer: NodeJS.Timeout | undefined;
let running = false;
let again = false;

async function tick(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      if (Date.now() - lastExpiryScan >= EXPIRY_SCAN_MS) {
        lastExpiryScan = Date.now();
        await queueExpiryNotices();
      }
      await claimAndSend();
    } while (again);
  } catch (error) {
    // The database may be briefly away; the next poll tries again. Never a secret in here.
    console.error("[webhooks] worker:", (error as Error).message);
  } finally {
    running = false;
  }
}

const wake = () => {
  if (timer) void tick();
};

function schedule(): void {
  timer = setTimeout(async () => {
    await tick();
    if (timer) schedule();
  }, env().WEBHOOK_POLL_MS);
  timer.unref();
}

export function startWebhookWorker(): void {
  if (timer) return;
  setWebhookWake(wake);
  whenAttemptSettles(wake);
  schedule();
  void tick();
}

export async function stopWebhookWorker(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  setWebhookWake(null);
  await drain();
}
