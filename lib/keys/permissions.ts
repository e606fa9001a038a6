/**
 * WooCommerce's three levels. A route needs "read" or "write"; "read_write" grants both.
 */
export const PERMISSIONS = ["read", "write", "read_write"] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type Access = "read" | "write";

export const PERMISSION_LABELS: Record<Permission, string> = { read: "Read", write: "Write", read_write: "Read/Write" };

export const isPermission = (value: unknown): value is Permission => PERMISSIONS.includes(value as Permission);

export function grants(permission: Permission, access: Access): boolean {
  return permission === "read_write" || permission === access;
}

/** Whether a holder of `holder` may hand out `requested`: never more than it has itself. */
export function covers(holder: Permission, requested: Permission): boolean {
  return holder === "read_write" || holder === requested;
}

/** Reads are safe methods; everything else changes something. */
export const accessForMethod = (method: string): Access => (["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase()) ? "read" : "write");
