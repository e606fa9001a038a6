"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { fail, failField, failFields, ok, type ActionResult } from "@/lib/action-result";
import { createUser } from "@/lib/dal/users";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { consumeSignUp } from "@/lib/limits/rate-limit";
import { signUpSchema } from "@/lib/validation/auth";

/** Public endpoint: anyone may call it. It only ever creates a new account. */
export async function signUpAction(input: { name: unknown; email: unknown; password: unknown }): Promise<ActionResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return failFields({ name: errors.name?.[0], email: errors.email?.[0], password: errors.password?.[0] });
  }
  // Counted before the argon2 hash: a flood of sign-ups costs the attacker, not the server.
  if (!(await consumeSignUp(clientIp(await headers(), env().TRUSTED_PROXY_HOPS) ?? "unknown"))) {
    return fail("Too many accounts were created from your network. Try again in an hour.");
  }
  const created = await createUser(parsed.data);
  if (!created.ok) return failField("email", "An account with this email already exists. Sign in instead.");
  return ok();
}
