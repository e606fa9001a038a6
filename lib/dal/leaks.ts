import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isWellFormedKey } from "@/lib/keys/format";
import { hashKey } from "@/lib/keys/hash";
import { keyEventData } from "@/lib/webhooks/events";
import { publicActor } from "./audit";
import { changeKeys } from "./key-change-protocol";
import { mailKeyLeaked } from "./key-mail";
import { revokeWithLineage } from "./key-lineage";
import { keySelect } from "./keys";

/**
 * GitHub's credential revocation, for Latchkey keys: anyone who finds a key in the wild may
 * report it. A key that exists and is not yet revoked is revoked with its lineage (the keys it
 * created through the API, and its replacement if it was rolled while it worked: whoever
 * found it may have made those), each with its own log line and webhook event, and its owner
 * sees one `leaked` event and a banner. A key that is already revoked changes nothing and
 * records nothing, however often it is reported: a reporter cannot fill anyone's log, banner
 * or webhook queue. The caller learns nothing: the answer is the same for a live key, an old
 * key and noise.
 */
export async function reportLeakedKeys(candidates: string[], ip: string | null): Promise<void> {
  for (const candidate of new Set(candidates)) {
    if (!isWellFormedKey(candidate)) continue;
    const hash = hashKey(candidate, env().KEY_PEPPER);
    const found = await db().apiKey.findUnique({ where: { hash }, select: { id: true, workspaceId: true, revokedAt: true } });
    if (!found || found.revokedAt) continue;
    let reported: { id: string; sid: string; name: string; prefix: string; expiresAt: Date | null } | null = null;
    await changeKeys(publicActor(found.workspaceId, ip), async (change) => {
      // Read again under the owner's lock: a report racing a revocation or another report of
      // the same key finds it revoked here and records nothing.
      const key = await change.read.apiKey.findFirst({ where: { id: found.id, workspaceId: found.workspaceId }, select: keySelect });
      if (!key || key.revokedAt) return;
      await revokeWithLineage(change, key, {
        alsoCreated: true,
        actor: { type: "public" },
        record: (row) => ({
          action: "leaked",
          detail: "Reported as leaked and revoked at once.",
          event: { type: "key.leaked", data: keyEventData(row, { type: "public" }, { alreadyRevoked: false }) },
        }),
      });
      reported = key;
    });
    // After the commit: the people responsible for the key hear about it by mail too.
    if (reported) mailKeyLeaked(reported);
  }
}
