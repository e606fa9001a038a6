import { sidSchema } from "@/lib/validation/keys";
import { ApiError } from "./errors";

export type KeyParams = { sid: string };

/** Another account's key and a key that does not exist are the same 404. */
export const keyNotFound = () => new ApiError(404, "not_found", "No such key.");

/** The sid of a /api/v1/keys/{sid} route; a malformed one is as unknown as any other. */
export function sidOf(params: KeyParams): string {
  const sid = sidSchema.safeParse(params.sid);
  if (!sid.success) throw keyNotFound();
  return sid.data;
}

/** An API key may change only keys whose permission its own covers. */
export const permissionExceeds = (verb: "create" | "edit" | "roll" | "revoke" | "delete") =>
  new ApiError(403, "permission_exceeds", `A key cannot ${verb} a key with more permission than its own.`);
