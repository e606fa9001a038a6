import "server-only";
import { db } from "@/lib/db";
import { appUrl, keyExpiringMessage, keyLeakedMessage, queueMail } from "@/lib/mail";

type KeyForMail = { id: string; sid: string; name: string; prefix: string; expiresAt: Date | null };

/**
 * Who hears about a key by mail: the person who created it, the member it acts as, and the
 * workspace's Admins and Owners, each once. Only current members: someone who left hears nothing.
 */
async function recipients(keyId: string) {
  const key = await db().apiKey.findUnique({
    where: { id: keyId },
    select: { createdById: true, userId: true, workspace: { select: { id: true, name: true, slug: true } } },
  });
  if (!key) return null;
  const people = [key.createdById, key.userId].filter((id): id is string => id !== null);
  const members = await db().membership.findMany({
    where: { workspaceId: key.workspace.id, OR: [{ role: { in: ["owner", "admin"] } }, ...(people.length ? [{ userId: { in: people } }] : [])] },
    select: { user: { select: { email: true } } },
  });
  return { workspace: key.workspace, emails: [...new Set(members.map((m) => m.user.email))] };
}

const keyUrl = (slug: string, sid: string) => appUrl(`/w/${slug}/settings/api-keys/${sid}`);

/** "An API key expires in 7 days / 1 day". Fire and forget: a failure is only logged. */
export function mailKeyExpiring(key: KeyForMail, days: 7 | 1): void {
  void recipients(key.id).then(
    (found) => {
      if (!found || !key.expiresAt) return;
      for (const to of found.emails) {
        const message = keyExpiringMessage({ keyName: key.name, prefix: key.prefix, workspaceName: found.workspace.name, expiresAt: key.expiresAt, days, url: keyUrl(found.workspace.slug, key.sid) });
        queueMail({ to, ...message });
      }
    },
    (error: Error) => console.error("[mail] expiry notice recipients:", error.name),
  );
}

/** "An API key was reported leaked and revoked". Fire and forget. */
export function mailKeyLeaked(key: KeyForMail): void {
  void recipients(key.id).then(
    (found) => {
      if (!found) return;
      for (const to of found.emails) {
        queueMail({ to, ...keyLeakedMessage({ keyName: key.name, prefix: key.prefix, workspaceName: found.workspace.name, url: keyUrl(found.workspace.slug, key.sid) }) });
      }
    },
    (error: Error) => console.error("[mail] leak notice recipients:", error.name),
  );
}
