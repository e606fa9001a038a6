import { z } from "zod";
import { text } from "./text";

export const PASSWORD_MIN = 10;
// argon2 hashes whatever it is given; an upper bound stops a megabyte "password" from
// becoming a cheap way to burn CPU.
export const PASSWORD_MAX = 200;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .pipe(z.email("Enter a valid email address."));

const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`);

export const nameSchema = text({ label: "Name", max: 80, required: "Enter your name." });

export const signUpSchema = z.object({ name: nameSchema, email: emailSchema, password: passwordSchema });

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(PASSWORD_MAX),
});

export const profileSchema = z.object({ name: nameSchema, email: emailSchema });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });

/**
 * Only same-site paths. Checking the string is not enough (browsers drop tabs and newlines,
 * so "/\t/evil.example" becomes "//evil.example"): resolve it against a dummy origin and keep
 * it only if the origin did not change.
 */
export function safeCallbackPath(value: unknown, fallback = "/settings/api-keys"): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\x00-\x20\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, "http://latchkey.invalid");
    if (url.origin !== "http://latchkey.invalid") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** A link from an account mail: lkv_ (verify an address) or lkr_ (reset a password) and 43 base64url characters. */
export const accountTokenSchema = z.string().regex(/^lk[vr]_[A-Za-z0-9_-]{43}$/);

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z
  .object({ token: accountTokenSchema, newPassword: passwordSchema, confirmPassword: z.string() })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match." });
