"use server";

import { revalidatePath } from "next/cache";
import { fail, ok, type ActionResult } from "@/lib/action-result";
import { requireInstanceAdminAction } from "@/lib/admin-session";
import { recordTestMail } from "@/lib/dal/instance-admin";
import { sendMail, testMailMessage } from "@/lib/mail";

// A public POST endpoint: it checks, itself, for an instance admin who re-authenticated recently.

/**
 * Sends a test message to the admin's own address (never an address from the form), and says
 * what happened: sent through SMTP, written to the server log, or failed (without the error's
 * text, which may name the server's configuration).
 */
export async function sendTestMailAction(): Promise<ActionResult> {
  const gate = await requireInstanceAdminAction();
  if (!gate.ok) return gate.refused;
  const { admin } = gate;
  const message = testMailMessage({ adminName: admin.name });
  const outcome = await sendMail({ to: admin.email, ...message }, { retryDelaysMs: [] });
  await recordTestMail(admin, outcome);
  revalidatePath("/admin/audit");
  if (outcome === "failed") return fail("The test message could not be sent. The server log says why.");
  return ok({ message: outcome === "sent" ? `Test message sent to ${admin.email}.` : `No SMTP_URL: the test message to ${admin.email} was written to the server log.` });
}
