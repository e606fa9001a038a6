"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { createUser } from "@/lib/dal/users";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { consumeSignUp } from "@/lib/limits/rate-limit";
import { signUpSchema } from "@/lib/validation/auth";

export type SignUpResult = { ok: true } | { ok: false; fieldErrors: Partial<Record<"name" | "email" | "password", string>>; formError?: string };

/** Public endpoint: anyone may call it. It only ever creates a new account. */
export async function signUpAction(input: { name: unknown; email: unknown; password: unknown }): Promise<SignUpResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return { ok: false, fieldErrors: { name: errors.name?.[0], email: errors.email?.[0], password: errors.password?.[0] } };
  }
  // Counted before the argon2 hash: a flood of sign-ups costs the attacker, not the server.
  if (!(await consumeSignUp(clientIp(await headers(), env().TRUSTED_PROXY_HOPS) ?? "unknown"))) {
    return { ok: false, fieldErrors: {}, formError: "Too many accounts were created from your network. Try again in an hour." };
  }
  const created = await createUser(parsed.data);
  if (!created.ok) return { ok: false, fieldErrors: { email: "An account with this email already exists. Sign in instead." } };
  return { ok: true };
}
