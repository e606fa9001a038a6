import { z } from "zod";
import { text } from "./text";

/**
 * What a passkey ceremony sends back: the browser's PublicKeyCredential as JSON
 * (@simplewebauthn/browser's RegistrationResponseJSON and AuthenticationResponseJSON). Shapes
 * and sizes are checked here, before @simplewebauthn/server parses the CBOR and verifies the
 * signature, so a hostile body cannot make it work on megabytes.
 */
const b64url = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9_-]*$/);
// A credential id is at most 1023 bytes (WebAuthn Level 3), 1364 characters in base64url.
const credentialId = b64url(1400).min(16);
const TRANSPORTS = ["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"] as const;

const common = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  clientExtensionResults: z.record(z.string(), z.unknown()).refine((value) => JSON.stringify(value).length <= 2000),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};

export const registrationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4000),
    attestationObject: b64url(16_000),
    authenticatorData: b64url(16_000).optional(),
    transports: z.array(z.enum(TRANSPORTS)).max(7).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(4000).optional(),
  }),
});

export const authenticationResponseSchema = z.object({
  ...common,
  response: z.object({
    clientDataJSON: b64url(4000),
    authenticatorData: b64url(4000),
    signature: b64url(2000),
    userHandle: b64url(200).optional(),
  }),
});

/** A ceremony's challenge row id (lib/dal/passkeys.ts makes 24 random bytes, base64url). */
export const challengeIdSchema = z.string().regex(/^[A-Za-z0-9_-]{32}$/, "That passkey request expired. Try again.");
export const passkeyIdSchema = z.string().regex(/^[a-z0-9]{20,32}$/, "That passkey does not exist.");
export const passkeyNameSchema = text({ label: "Name", max: 60, required: "Enter a name for the passkey." });

export const registerPasskeySchema = z.object({ challengeId: challengeIdSchema, response: registrationResponseSchema, name: passkeyNameSchema });
export const renamePasskeySchema = z.object({ passkeyId: passkeyIdSchema, name: passkeyNameSchema });

/** The "passkey" next-auth provider's credentials: the response comes as a JSON string. */
export const passkeySignInSchema = z.object({
  challengeId: challengeIdSchema,
  response: z
    .string()
    .max(20_000)
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "not JSON" });
        return z.NEVER;
      }
    })
    .pipe(authenticationResponseSchema),
});

export type RegistrationResponse = z.infer<typeof registrationResponseSchema>;
export type AuthenticationResponse = z.infer<typeof authenticationResponseSchema>;
