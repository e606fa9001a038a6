// `npm run credentials:rotate`: re-seal every stored credential and webhook signing secret
// with ENCRYPTION_KEY_ID. Rotation without downtime: 1) add the new key to ENCRYPTION_KEYS and
// make it ENCRYPTION_KEY_ID, restart the app (new values use it, old ones still open); 2) run
// this; 3) remove the old key from ENCRYPTION_KEYS and restart.
import { rotateCredentials } from "@/lib/dal/credentials";
import { rotateWebhookSecrets } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";

const credentials = await rotateCredentials();
const webhooks = await rotateWebhookSecrets();
const byKey = (rows: { keyId: string; count: number }[]) => rows.map((r) => `${r.keyId}=${r.count}`).join(", ") || "none";
const credentialKeys = (await db().credential.groupBy({ by: ["keyId"], _count: true })).map((r) => ({ keyId: r.keyId, count: r._count }));
const webhookKeys = (await db().webhook.groupBy({ by: ["secretKeyId"], _count: true })).map((r) => ({ keyId: r.secretKeyId, count: r._count }));
console.log(`[rotate] re-sealed ${credentials.rotated} credential(s); now by key: ${byKey(credentialKeys)}`);
console.log(`[rotate] re-sealed ${webhooks.rotated} webhook signing secret(s); now by key: ${byKey(webhookKeys)}`);
const failed = [...credentials.failed.map((id) => `credential ${id}`), ...webhooks.failed.map((id) => `webhook ${id}`)];
if (failed.length) console.error(`[rotate] ${failed.length} value(s) failed authentication and were left as they are: ${failed.join(", ")}`);
await db().$disconnect();
process.exitCode = failed.length ? 1 : 0;
