// One app instance's webhook worker, as instrumentation.ts starts it in `next start`. The
// restart test runs it as a child process and kills it between attempts.
import { startWebhookWorker } from "@/lib/webhooks/worker";

startWebhookWorker();
process.stdout.write("started\n");
setInterval(() => {}, 60_000);
