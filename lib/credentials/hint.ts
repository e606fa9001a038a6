import type { CredentialSecret, CredentialType } from "@/lib/validation/credentials";

/** How many trailing characters a hint shows. */
export const HINT_LENGTH = 4;
/**
 * The shortest secret whose hint shows anything. Below it, 4 characters are a third or more of
 * the secret (all of a 4-digit PIN, half of an 8-character password): enough to cut a guess
 * down, or to confirm one, for anyone who sees the page over a shoulder or in a screenshot.
 */
export const HINT_MIN_LENGTH = 12;

/**
 * The hint stored beside a sealed credential: the last 4 characters of a token or value of 12
 * characters or more, otherwise nothing. A Basic credential gets none at all: its password is
 * typically short and human-chosen, and people reuse passwords, so even its tail is worth hiding.
 */
export function hintOf(secret: CredentialSecret): string {
  if (secret.type === "basic") return "";
  const visible = secret.type === "bearer" ? secret.token : secret.value;
  return visible.length >= HINT_MIN_LENGTH ? visible.slice(-HINT_LENGTH) : "";
}

/**
 * The hint a page may show for a stored row, or null for none. Rows saved under the old rule
 * hold the last 4 characters of any secret, Basic passwords included, and the whole secret when
 * it was shorter than 4: neither is shown. (An old row of 4 to 11 characters cannot be told
 * from a new one without unsealing it; saving it again stores the new hint.)
 */
export function shownHint(type: CredentialType, stored: string): string | null {
  if (type === "basic" || stored.length !== HINT_LENGTH) return null;
  return stored;
}
