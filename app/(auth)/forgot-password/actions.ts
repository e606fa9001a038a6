"use server";

import { headers } from "next/headers";
import { z } from "zod";
import { fail, failFields, ok, type ActionResult } from "@/lib/action-result";
import { requestPasswordReset } from "@/lib/dal/account-tokens";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { consumePasswordResetRequest } from "@/lib/limits/rate-limit";
import { forgotPasswordSchema } from "@/lib/validation/auth";

/**
 * Public endpoint. The same answer whether or not an account has the address: the lookup and
 * the mail happen after it. Throttled per address (counted for any address, so a refusal says
 * nothing either) and per client, so the form cannot flood an inbox or send mail at scale.
 */
export async function forgotPasswordAction(input: { email: unknown }): Promise<ActionResult> {
  const parsed = forgotPasswordSchema.safeParse(input);
  if (!parsed.success) return failFields({ email: z.flattenError(parsed.error).fieldErrors.email?.[0] });
  const requestHeaders = await headers();
  const ip = clientIp(requestHeaders, env().TRUSTED_PROXY_HOPS) ?? "unknown";
  const verdict = await consumePasswordResetRequest(parsed.data.email, ip);
  if (!verdict.ok) return fail(`Too many reset requests. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes.`);
  requestPasswordReset(parsed.data.email, requestHeaders.get("origin"));
  return ok();
}
