import { z } from "zod";
import { PASSWORD_MAX } from "./auth";
import { authenticationResponseSchema, challengeIdSchema } from "./passkeys";

/** The ways to confirm "it's you" before a sensitive action, strongest first. */
export const REAUTH_METHODS = ["passkey", "totp", "password"] as const;
export type ReauthMethod = (typeof REAUTH_METHODS)[number];

const passwordProof = z.strictObject({ password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX, "That is not your password.") });
// A backup code never matches (10 letters and digits): it is refused before anything is checked.
const totpProof = z.strictObject({ totpCode: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.") });
const passkeyProof = z.strictObject({ passkey: z.strictObject({ challengeId: challengeIdSchema, response: authenticationResponseSchema }) });

export type IdentityProofInput = z.infer<typeof passwordProof> | z.infer<typeof totpProof> | z.infer<typeof passkeyProof>;

/** The form field a proof kind's error belongs to. */
export type ProofField = "password" | "totpCode" | "passkey";

/**
 * "Confirm it's you": the proof a person offers before a sensitive action, exactly one of a
 * password, a 6-digit authenticator code, or a passkey assertion. The kind is picked by the one
 * key present, so its own message explains what is wrong.
 */
export function parseIdentityProof(input: unknown): { ok: true; proof: IdentityProofInput } | { ok: false; field: ProofField; message: string } {
  const keys = input && typeof input === "object" ? Object.keys(input) : [];
  const field: ProofField = keys.includes("passkey") ? "passkey" : keys.includes("totpCode") ? "totpCode" : "password";
  const schema = field === "passkey" ? passkeyProof : field === "totpCode" ? totpProof : passwordProof;
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, proof: parsed.data };
  const fallback = field === "passkey" ? "The passkey could not be verified. Try again." : field === "totpCode" ? "Enter the 6-digit code from your authenticator app." : "Enter your password.";
  const own = parsed.error.issues.find((issue) => issue.path.length === 1 && issue.path[0] === field && field !== "passkey");
  return { ok: false, field, message: own?.message ?? fallback };
}
