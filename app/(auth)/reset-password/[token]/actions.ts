"use server";

import { z } from "zod";
import { fail, failFields, ok, type ActionResult } from "@/lib/action-result";
import { resetPasswordWithToken } from "@/lib/dal/account-tokens";
import { resetPasswordSchema } from "@/lib/validation/auth";

const DEAD_LINK = "This link has expired or was already used. Ask for a new one.";

/**
 * Public endpoint: the link is the credential (256 random bits, single use, 1 hour). A new
 * password signs out every session of the account, whoever holds them.
 */
export async function resetPasswordAction(input: { token: unknown; newPassword: unknown; confirmPassword: unknown }): Promise<ActionResult> {
  const parsed = resetPasswordSchema.safeParse(input);
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error).fieldErrors;
    if (errors.token) return fail(DEAD_LINK);
    return failFields({ newPassword: errors.newPassword?.[0], confirmPassword: errors.confirmPassword?.[0] });
  }
  const reset = await resetPasswordWithToken(parsed.data.token, parsed.data.newPassword);
  return reset.ok ? ok() : fail(DEAD_LINK);
}
