// The upgraded app in a process of its own, on the migrated scratch database (lib/db reads
// DATABASE_URL once per process), for upgrade-workspaces.test.ts: verifies each key as an API
// request would, then makes one attempt at each delivery as the webhook worker would.
// Usage: DATABASE_URL=... node --import tsx --conditions=react-server upgrade-child.ts '{"secrets":[...],"deliveryIds":[...]}'
import { verifyKey } from "@/lib/dal/verify";
import { db } from "@/lib/db";
import { viewerPermission } from "@/lib/viewer";
import { attempt } from "@/lib/webhooks/attempt";

const { secrets, deliveryIds } = JSON.parse(process.argv[2]) as { secrets: string[]; deliveryIds: string[] };

const verified = await Promise.all(secrets.map((secret) => verifyKey(secret, "198.51.100.20")));
await Promise.all(deliveryIds.map((id) => attempt(id)));

const keys = verified.map(
  (result) =>
    result && {
      sid: result.key.sid,
      keyPermission: result.key.permission,
      permission: viewerPermission(result.viewer),
      userId: result.viewer.id,
      workspaceId: result.viewer.workspace.id,
      role: result.viewer.role,
    },
);
process.stdout.write(JSON.stringify({ keys }));
await db().$disconnect();
// The in-memory usage and last-used counters keep timers; this run has said what it had to.
process.exit(0);
