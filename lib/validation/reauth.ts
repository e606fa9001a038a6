import { z } from "zod";
import { PASSWORD_MAX } from "./auth";

/**
 * "Confirm it's you": the proof a person offers before a sensitive action. One kind today (the
 * password); an authenticator code and a passkey join as further members of the union.
 */
export const identityProofSchema = z.object({
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX, "That is not your password."),
});
