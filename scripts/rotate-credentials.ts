// `npm run credentials:rotate`: re-seal every stored credential and webhook signing secret
// with ENCRYPTION_KEY_ID. Rotation without downtime: 1) add the new key to ENCRYPTION_KEYS and
// make it ENCRYPTION_KEY_ID, restart the app (new values use it, old ones still open); 2) run
// this; 3) remove the old key from ENCRYPTION_KEYS and restart.
import { rotateCredentials } from "@/lib/dal/credentials";
import { rotateWebhookSecrets } from "@/lib/dal/webhooks";
import { disconnectDatabase } from "@/lib/dal/health-probe";
import { sealedValuesByKey } from "@/lib/dal/reseal";

const credentials = await rotateCredentials();
const webhooks = await rotateWebhookSecrets();
const byKey = (rows: { keyId: string; count: number }[]) => rows.map((r) => `${r.keyId}=${r.count}`).join(", ") || "none";
const { credentials: credentialKeys, webhooks: webhookKeys } = await sealedValuesByKey();
console.log(`[rotate] re-sealed ${credentials.rotated} credential(s); now by key: ${byKey(credentialKeys)}`);
console.log(`[rotate] re-sealed ${webhooks.rotated} webhook signing secret(s); now by key: ${byKey(webhookKeys)}`);
const failed = [...credentials.failed.map((id) => `credential ${id}`), ...webhooks.failed.map((id) => `webhook ${id}`)];
if (failed.length) console.error(`[rotate] ${failed.length} value(s) failed authentication and were left as they are: ${failed.join(", ")}`);
await disconnectDatabase();
process.exitCode = failed.length ? 1 : 0;
