import type { Permission } from "@/lib/keys/permissions";

declare const issued: unique symbol;

/**
 * Who is calling, as established by a session (pages, actions) or an API key (routes), and
 * from where. DAL functions take a Viewer, never a bare user id from a form or URL.
 *
 * Branded: an object literal is not a Viewer. Only lib/viewer-issue.ts makes one, and lint lets
 * only lib/session.ts and lib/http/with-api-key.ts (and test fixtures) import it, so no action,
 * route or DAL function can act for a user id it was handed.
 */
export type Viewer = {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** Client IP as far as it can be known (see lib/http/client-ip.ts); for the audit log. */
  readonly ip: string | null;
  readonly [issued]: true;
} & ({ readonly via: "session" } | { readonly via: "api-key"; readonly keySid: string; readonly permission: Permission });

/** The most a viewer may do: everything in a session, its key's level through an API key. */
export const viewerPermission = (viewer: Viewer): Permission => (viewer.via === "session" ? "read_write" : viewer.permission);
