import { ApiError } from "./errors";

/**
 * Opaque page cursors. Clients pass back `nextCursor` untouched; its content (an offset in
 * the chosen order today) is ours to change without breaking them.
 */
export const encodeCursor = (offset: number) => Buffer.from(JSON.stringify({ o: offset })).toString("base64url");

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const { o } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o: unknown };
    if (Number.isInteger(o) && (o as number) >= 0 && (o as number) <= 1_000_000) return o as number;
  } catch {
    // fall through
  }
  throw new ApiError(400, "invalid_cursor", "The cursor is not one this API returned.");
}
