import "server-only";
import type { ActsAs } from "@/lib/validation/keys";
import { actingUserId, type Viewer } from "@/lib/viewer";
import { atLeast, isRole } from "@/lib/workspaces/roles";
import type { KeyChange } from "./key-change-protocol";

/**
 * Whom a new key acts as (ApiKey.userId; null is a service key), decided inside the key change,
 * under the workspace's lock, so a member removed or demoted a moment ago is seen as such:
 *
 * - through an API key: what that key acts as, whatever was asked. A key never creates a key
 *   acting as someone else (a member key makes member keys of its member, a service key
 *   service keys), so no key can step outside what it is;
 * - "me": the person creating it (every role that may create keys);
 * - "workspace": a service key, for Admins and Owners;
 * - a member's user id: a member key for them, for Admins and Owners, when that member's role
 *   is not above their own (WooCommerce's "User" field, without handing out more than one holds).
 */
export async function actingUserFor(change: KeyChange, viewer: Viewer, actsAs: ActsAs = "me"): Promise<{ userId: string | null } | "forbidden" | "not_found"> {
  if (viewer.via === "api-key" || actsAs === "me") return { userId: actingUserId(viewer) };
  if (!atLeast(viewer.role, "admin")) return "forbidden";
  if (actsAs === "workspace") return { userId: null };
  if (actsAs === viewer.id) return { userId: viewer.id };
  const member = await change.tx.membership.findFirst({ where: { workspaceId: viewer.workspace.id, userId: actsAs }, select: { role: true } });
  if (!member || !isRole(member.role)) return "not_found";
  return atLeast(viewer.role, member.role) ? { userId: actsAs } : "forbidden";
}
