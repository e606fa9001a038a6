import type { Permission } from "@/lib/keys/permissions";
import type { Role } from "@/lib/workspaces/roles";

declare const issued: unique symbol;

/** The workspace a request acts in, and the caller's role there (read from the database, never a token). */
export type ViewerWorkspace = { readonly id: string; readonly slug: string; readonly name: string };
/** A person's place in a workspace: what lib/dal/workspaces.ts reads for every request. */
export type Membership = { readonly workspace: ViewerWorkspace; readonly role: Role };

/**
 * Who is calling, as established by a session (pages, actions) or an API key (routes), and
 * from where. DAL functions take a Viewer, never a bare user or workspace id from a form or URL,
 * and put `workspace.id` in every `where`.
 *
 * Branded: an object literal is not a Viewer. Only lib/viewer-issue.ts makes one, and lint lets
 * only lib/session.ts and lib/http/with-api-key.ts (and test fixtures) import it, so no action,
 * route or DAL function can act for a user id it was handed.
 */
export type Viewer = {
  /** The person: the signed-in user, or the member an API key acts as (see `service` for a service key). */
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly workspace: ViewerWorkspace;
  /** The person's role in `workspace`, as of this request. */
  readonly role: Role;
  /** Client IP as far as it can be known (see lib/http/client-ip.ts); for the audit log. */
  readonly ip: string | null;
  readonly [issued]: true;
} & (
    | { readonly via: "session" }
    | {
        readonly via: "api-key";
        readonly keySid: string;
        readonly permission: Permission;
        /**
         * A service key acts as the workspace, not a person: `id` is then no user's id (it is
         * SERVICE_PREFIX + the workspace id, which matches no row) and `role` is "admin", so it
         * manages the workspace's keys within its own permission but never its members.
         */
        readonly service: boolean;
      }
  );

export const SERVICE_PREFIX = "service:";
/** The user a viewer acts as, or null for a service key (which acts as the workspace). */
export const actingUserId = (viewer: Viewer): string | null => (viewer.via === "api-key" && viewer.service ? null : viewer.id);

/**
 * The most a viewer may do: everything in a session (what it may change is then up to its
 * role), its key's level through an API key (already capped by the member's role).
 */
export const viewerPermission = (viewer: Viewer): Permission => (viewer.via === "session" ? "read_write" : viewer.permission);
