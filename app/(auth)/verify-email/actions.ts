"use server";

import { headers } from "next/headers";
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { sendVerificationMail } from "@/lib/dal/account-tokens";
import { consumeVerificationResend } from "@/lib/limits/rate-limit";
import { requireViewer } from "@/lib/session";

/** "Resend" on the verify banner: a new link to the signed-in person's own address, throttled. */
export async function resendVerificationAction(): Promise<ActionResult> {
  const viewer = await requireViewer();
  const verdict = await consumeVerificationResend(viewer.id);
  if (!verdict.ok) return fail(`You asked for several links already. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes.`);
  await sendVerificationMail(viewer.id, (await headers()).get("origin"));
  return ok({ message: `We sent a new link to ${viewer.email}.` });
}
