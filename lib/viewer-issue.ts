import type { Permission } from "@/lib/keys/permissions";
import { SERVICE_PREFIX, type Membership, type Viewer } from "@/lib/viewer";

/**
 * The only constructors of a Viewer (lib/viewer.ts). Lint restricts who may import this file:
 * lib/session.ts (a verified session) and lib/http/with-api-key.ts (a verified API key), plus
 * test fixtures and the seed script, which stand in for a person at the keyboard.
 */
type Person = { id: string; name: string; email: string };

export const sessionViewer = (user: Person, membership: Membership, ip: string | null): Viewer =>
  ({ id: user.id, name: user.name, email: user.email, workspace: membership.workspace, role: membership.role, ip, via: "session" }) as Viewer;

/**
 * A member key's viewer: `key.permission` is what the key may do now, its own permission capped
 * by its member's role. `member` null: a service key, acting as the workspace (lib/viewer.ts).
 */
export const apiKeyViewer = (member: Person | null, membership: Membership, key: { sid: string; permission: Permission }, ip: string | null): Viewer =>
  ({
    id: member?.id ?? `${SERVICE_PREFIX}${membership.workspace.id}`,
    name: member?.name ?? membership.workspace.name,
    email: member?.email ?? "",
    workspace: membership.workspace,
    role: member ? membership.role : "admin",
    ip,
    via: "api-key",
    keySid: key.sid,
    permission: key.permission,
    service: member === null,
  }) as Viewer;
