import "server-only";
import { env } from "@/lib/env";
import { parseKeyRing, type KeyRing } from "./sealed-box";

let ring: KeyRing | undefined;

/** The configured key ring; a clear error (names only, never values) when it is missing. */
export function keyRing(): KeyRing {
  if (ring) return ring;
  const { ENCRYPTION_KEYS, ENCRYPTION_KEY_ID } = env();
  if (!ENCRYPTION_KEYS || !ENCRYPTION_KEY_ID) {
    throw new Error("ENCRYPTION_KEYS and ENCRYPTION_KEY_ID must be set to store credentials (npm start writes them to .env).");
  }
  ring = parseKeyRing(ENCRYPTION_KEYS, ENCRYPTION_KEY_ID);
  return ring;
}
