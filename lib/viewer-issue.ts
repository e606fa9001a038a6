import type { Permission } from "@/lib/keys/permissions";
import type { Viewer } from "@/lib/viewer";

/**
 * The only constructors of a Viewer (lib/viewer.ts). Lint restricts who may import this file:
 * lib/session.ts (a verified session) and lib/http/with-api-key.ts (a verified API key), plus
 * test fixtures and the seed script, which stand in for a person at the keyboard.
 */
type Person = { id: string; name: string; email: string };

export const sessionViewer = (user: Person, ip: string | null): Viewer => ({ id: user.id, name: user.name, email: user.email, ip, via: "session" }) as Viewer;

export const apiKeyViewer = (owner: Person, key: { sid: string; permission: Permission }, ip: string | null): Viewer =>
  ({ id: owner.id, name: owner.name, email: owner.email, ip, via: "api-key", keySid: key.sid, permission: key.permission }) as Viewer;
