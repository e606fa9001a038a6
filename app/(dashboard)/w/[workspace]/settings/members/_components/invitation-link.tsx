"use client";

import { SecretReveal } from "@/components/reveal/secret-reveal";
import { formatDateTime } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/workspaces/roles";
import type { RevealedInvitation } from "../actions";

/**
 * An invitation link, shown once (only its hash is stored): the SecretReveal every one-time
 * secret uses, so Done, Back and reload ask before it is lost uncopied.
 */
export function InvitationLink({ invitation, renewed = false, onDone }: { invitation: RevealedInvitation; renewed?: boolean; onDone: () => void }) {
  const role = ROLE_LABELS[invitation.role];
  return (
    <SecretReveal
      title={renewed ? "New invitation link" : "Invitation link"}
      what="invitation link"
      secret={invitation.link}
      testId="invitation-link"
      instruction={`This link is shown once. It expires ${formatDateTime(invitation.expiresAt)}; anyone with it can join as ${role} if they sign in with ${invitation.email}.`}
      lostMeans="The link will not be shown again. To send one later, use Copy new link under Pending invitations; the link shown here then stops working."
      onDone={onDone}
    >
      <p className="text-sm text-emerald-900">
        {renewed ? "The previous link for this invitation stopped working. " : ""}
        Send it to {invitation.email} yourself, by chat or email: Latchkey does not send it.
      </p>
    </SecretReveal>
  );
}
