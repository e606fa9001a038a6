import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM with a key ring. Each sealed value records the id of the key that sealed it, so
 * keys can be rotated without downtime: new values use the current key, old ones open with
 * theirs until `npm run credentials:rotate` has re-sealed them. GCM's tag makes any change to
 * the ciphertext (or to the associated data that binds it to its row) fail loudly instead of
 * decrypting into garbage.
 *
 * Format: base64url(iv[12] | tag[16] | ciphertext).
 */
export type KeyRing = { current: string; keys: Map<string, Buffer> };
export type Sealed = { keyId: string; sealed: string };

export class SealedBoxError extends Error {}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** "k1:<base64 32 bytes>,k2:<...>" and the current id, as in ENCRYPTION_KEYS / ENCRYPTION_KEY_ID. */
export function parseKeyRing(spec: string, current: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [id, material] = part.split(":");
    const key = Buffer.from(material ?? "", "base64");
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id ?? "") || key.length !== 32) {
      throw new SealedBoxError(`ENCRYPTION_KEYS entry "${id}" must be <id>:<32 bytes in base64>`);
    }
    keys.set(id, key);
  }
  if (!keys.has(current)) throw new SealedBoxError(`ENCRYPTION_KEY_ID "${current}" is not in ENCRYPTION_KEYS`);
  return { current, keys };
}

export function seal(ring: KeyRing, plaintext: string, associatedData: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.keys.get(ring.current)!, iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: ring.current, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url") };
}

export function open(ring: KeyRing, { keyId, sealed }: Sealed, associatedData: string): string {
  const key = ring.keys.get(keyId);
  if (!key) throw new SealedBoxError(`no encryption key "${keyId}" in ENCRYPTION_KEYS`);
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length < IV_BYTES + TAG_BYTES) throw new SealedBoxError("sealed value is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealedBoxError("sealed value failed authentication (tampered, or sealed for another row)");
  }
}

export const newKeyMaterial = () => randomBytes(32).toString("base64");
