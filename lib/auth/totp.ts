import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

/**
 * Authenticator-app codes, RFC 6238 with the parameters every app understands: HMAC-SHA1,
 * 6 digits, 30-second steps. Pure: no I/O, no clock of its own (callers pass the time), so the
 * RFC's test vectors pin it down and the data layer decides what a step may be used for.
 */
export const TOTP_ISSUER = "Latchkey";
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
// One step either side: a phone clock up to ~30 s off, or a code typed as it rolled over.
const WINDOW = 1;

const totp = (secretBase32: string, account = "") =>
  new TOTP({ issuer: TOTP_ISSUER, label: account, algorithm: "SHA1", digits: TOTP_DIGITS, period: TOTP_PERIOD, secret: Secret.fromBase32(secretBase32) });

/** A new secret: 160 random bits (RFC 4226's recommended length), base32 as apps expect it. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The time step `timestampMs` falls in. */
export const totpStep = (timestampMs: number): number => Math.floor(timestampMs / 1000 / TOTP_PERIOD);

/** The code for the step of `timestampMs` (tests and the e2e spec compute codes this way). */
export const totpCode = (secretBase32: string, timestampMs: number): string => totp(secretBase32).generate({ timestamp: timestampMs });

/**
 * The step a code is right for, within one step of `timestampMs`, or null. Returning the step
 * (not a boolean) lets the caller refuse any step at or before the last one accepted, which is
 * what makes a code single-use. Anything but exactly six digits is refused before any HMAC.
 */
export function matchTotpStep(secretBase32: string, code: string, timestampMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: timestampMs, window: WINDOW });
  return delta === null ? null : totpStep(timestampMs) + delta;
}

/** The otpauth:// URI an app scans: issuer Latchkey, the account's email as the label. */
export const totpUri = (secretBase32: string, email: string): string => totp(secretBase32, email).toString();

/** The URI as an SVG QR code, rendered on the server (no script, no request to anyone else). */
export const totpQrSvg = (uri: string): Promise<string> => QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 1 });

/** The same QR code as an image address (img-src allows data:), so no markup is injected. */
export const totpQrDataUrl = async (uri: string): Promise<string> => `data:image/svg+xml;base64,${Buffer.from(await totpQrSvg(uri)).toString("base64")}`;

/** The secret in groups of four, easier to type into an app by hand. */
export const groupedSecret = (secretBase32: string): string => secretBase32.replace(/(.{4})(?=.)/g, "$1 ");
