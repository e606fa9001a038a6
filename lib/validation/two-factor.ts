import { z } from "zod";

/**
 * A second-factor code as typed: six digits from an authenticator app, or a backup code
 * (xxxxx-xxxxx). Spaces and dashes are allowed; the data layer decides which kind it is.
 */
export const secondFactorCodeSchema = z
  .string()
  .trim()
  .min(1, "Enter the code.")
  .max(24, "That code is too long.")
  .regex(/^[A-Za-z0-9\s-]+$/, "Codes contain only letters, digits and dashes.");

/** The six digits an authenticator app shows (setting up, and changes that need the app). */
export const totpCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));

/** The second step of a sign-in: the challenge the password step gave, and a code. */
export const secondFactorSignInSchema = z.object({
  challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  code: secondFactorCodeSchema,
});
