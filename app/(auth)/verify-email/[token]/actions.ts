"use server";

import { fail, ok, type ActionResult } from "@/lib/action-result";
import { verifyEmailWithToken } from "@/lib/dal/account-tokens";
import { accountTokenSchema } from "@/lib/validation/auth";

/** Public endpoint: the link is the credential (single use, 24 hours, one address). */
export async function verifyEmailAction(token: unknown): Promise<ActionResult> {
  const parsed = accountTokenSchema.safeParse(token);
  if (!parsed.success) return fail("This link has expired or was already used.");
  const verified = await verifyEmailWithToken(parsed.data);
  return verified.ok ? ok({ message: "Your email address is verified." }) : fail("This link has expired or was already used.");
}
