import "server-only";
import { env } from "@/lib/env";

/**
 * An absolute link for a message someone opens in their mail: NEXTAUTH_URL's origin (the public
 * URL), else `fallbackOrigin` (the Origin of the request that caused the mail, which proxy.ts
 * has already required to be this site), else next-auth's own default. Never the Host header:
 * behind a proxy that rewrites it, a link would name an internal address.
 */
export function appUrl(path: string, fallbackOrigin?: string | null): string {
  return `${publicOrigin(fallbackOrigin)}${path}`;
}

export function publicOrigin(fallbackOrigin?: string | null): string {
  const configured = env().NEXTAUTH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // A malformed setting: fall back below.
    }
  }
  return fallbackOrigin || "http://localhost:3000";
}
