"use server";

import { fail, ok, type ActionResult } from "@/lib/action-result";
import { acceptInvitation, describeInvitation } from "@/lib/dal/invitations";
import { requireViewer } from "@/lib/session";
import { invitationTokenSchema } from "@/lib/validation/members";
import { ROLE_LABELS } from "@/lib/workspaces/roles";
import { workspaceHref } from "@/lib/workspaces/url";
import { INVALID_INVITATION } from "./_components/messages";

/**
 * "Join <workspace>": a public POST endpoint like every action. It needs a session whose
 * email is the invited one (the DAL checks the session's and the account's address, and claims
 * the link once under the workspace's lock). Every dead link gets the one neutral message.
 */
export async function acceptInvitationAction(token: unknown): Promise<ActionResult<{ href: string }>> {
  // A string of any other shape is no invitation; checked first, as it goes into the sign-in return address.
  const parsed = invitationTokenSchema.safeParse(token);
  if (!parsed.success) return fail(INVALID_INVITATION);
  const viewer = await requireViewer(`/invite/${parsed.data}`);
  const preview = await describeInvitation(parsed.data);
  if (!preview) return fail(INVALID_INVITATION);
  const accepted = await acceptInvitation({ id: viewer.id, email: viewer.email }, parsed.data, viewer.ip);
  if (!accepted.ok) {
    // The link stays valid: it works once a place is free or the plan is larger.
    if (accepted.reason === "limit_reached") return fail(`${preview.workspaceName} has no room for another member on its plan. Ask whoever invited you to free a place, or their administrator for a larger plan, then try this link again.`);
    if (accepted.reason === "unverified") return fail(`Verify your email address first: follow the link we sent to ${preview.email}, then come back to this invitation.`);
    return fail(accepted.reason === "wrong_email" ? `This invitation is for ${preview.email}. Sign out, then sign in with that address to accept it.` : INVALID_INVITATION);
  }
  return ok({ href: workspaceHref(accepted.slug, "/settings/api-keys"), message: `You joined ${preview.workspaceName} as ${ROLE_LABELS[preview.role]}.` });
}
