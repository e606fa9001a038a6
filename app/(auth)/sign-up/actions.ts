"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { fail, failFields, ok, type ActionResult } from "@/lib/action-result";
import { signUp } from "@/lib/dal/users";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { consumeSignUp } from "@/lib/limits/rate-limit";
import { signUpSchema } from "@/lib/validation/auth";

/**
 * Public endpoint: anyone may call it. It only ever creates a new account, and answers the same
 * whether or not the address already has one ("check your inbox"): the new account gets a
 * verify link, the existing owner a notice, both by mail after this answer.
 */
export async function signUpAction(input: { name: unknown; email: unknown; password: unknown }): Promise<ActionResult> {
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    return failFields({ name: errors.name?.[0], email: errors.email?.[0], password: errors.password?.[0] });
  }
  const requestHeaders = await headers();
  // Counted before the argon2 hash: a flood of sign-ups costs the attacker, not the server.
  if (!(await consumeSignUp(clientIp(requestHeaders, env().TRUSTED_PROXY_HOPS) ?? "unknown"))) {
    return fail("Too many accounts were created from your network. Try again in an hour.");
  }
  await signUp(parsed.data, requestHeaders.get("origin"));
  return ok();
}
