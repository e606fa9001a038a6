// `npm run credentials:rotate`: re-seal every stored credential with ENCRYPTION_KEY_ID.
// Rotation without downtime: 1) add the new key to ENCRYPTION_KEYS and make it
// ENCRYPTION_KEY_ID, restart the app (new values use it, old ones still open); 2) run this;
// 3) remove the old key from ENCRYPTION_KEYS and restart.
import { rotateCredentials } from "@/lib/dal/credentials";
import { db } from "@/lib/db";

const { rotated, failed } = await rotateCredentials();
const remaining = await db().credential.groupBy({ by: ["keyId"], _count: true });
console.log(`[rotate] re-sealed ${rotated} credential(s); now by key: ${remaining.map((r) => `${r.keyId}=${r._count}`).join(", ") || "none"}`);
if (failed.length) console.error(`[rotate] ${failed.length} credential(s) failed authentication and were left as they are: ${failed.join(", ")}`);
await db().$disconnect();
process.exitCode = failed.length ? 1 : 0;
