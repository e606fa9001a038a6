import { crc32 } from "node:zlib";
import { encodeBase62, randomBase62 } from "./base62";

/**
 * Latchkey key format, modelled on GitHub's tokens so secret scanners can recognise it:
 *
 *   lk_ + 32 random base62 characters (190 bits) + 6 base62 characters of CRC32(lk_ + body)
 *
 * The checksum lets us reject typos and random guesses without touching the database, and
 * lets a scanner tell a real key from a look-alike string with few false positives.
 */
export const KEY_PREFIX = "lk_";
export const KEY_BODY_LENGTH = 32;
export const KEY_CHECKSUM_LENGTH = 6;
export const KEY_LENGTH = KEY_PREFIX.length + KEY_BODY_LENGTH + KEY_CHECKSUM_LENGTH;
/** Characters of the random body shown in the UI: 24 bits, leaving 166 unknown. */
export const DISPLAY_BODY_LENGTH = 4;

export const KEY_PATTERN = /^lk_[0-9A-Za-z]{38}$/;

export function checksumOf(prefixAndBody: string): string {
  return encodeBase62(crc32(prefixAndBody), KEY_CHECKSUM_LENGTH);
}

export function generateKey(): string {
  const head = KEY_PREFIX + randomBase62(KEY_BODY_LENGTH);
  return head + checksumOf(head);
}

/** True when the string has the key's shape and its checksum matches. Pure: no I/O. */
export function isWellFormedKey(candidate: string): boolean {
  if (candidate.length !== KEY_LENGTH || !KEY_PATTERN.test(candidate)) return false;
  const head = candidate.slice(0, KEY_LENGTH - KEY_CHECKSUM_LENGTH);
  return checksumOf(head) === candidate.slice(KEY_LENGTH - KEY_CHECKSUM_LENGTH);
}

/** The part of a key that may be shown again: "lk_AbCd". */
export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + DISPLAY_BODY_LENGTH);
}

/** Public id of a key, used in URLs and the API. 16 base62 characters: ~95 bits. */
export function generateSid(): string {
  return "key_" + randomBase62(16);
}

export const SID_PATTERN = /^key_[0-9A-Za-z]{16}$/;
