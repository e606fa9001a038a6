/**
 * The device cookie: a random id a browser keeps for 400 days (the most browsers allow), set by
 * proxy.ts on the first page it loads. A sign-in reads it to tell a device the account has
 * used before from a new one ("New sign-in to your account", lib/dal/sessions.ts). Only its
 * hash is stored. It proves nothing and grants nothing: clearing it, or a fresh browser, only
 * means the next sign-in is mailed as new.
 */
export const DEVICE_COOKIE = "latchkey-device";
export const DEVICE_COOKIE_MAX_AGE = 400 * 86_400;

const DEVICE_ID = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits, base64url (Web Crypto: proxy.ts may run where node:crypto is not). */
export function newDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The device id in a Cookie header, or null when there is none or it is not one we made. */
export function deviceIdFrom(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === DEVICE_COOKIE) {
      const value = rest.join("=");
      return DEVICE_ID.test(value) ? value : null;
    }
  }
  return null;
}
