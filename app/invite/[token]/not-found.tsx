import { ButtonLink } from "@/components/ui/button";
import { InviteShell } from "./_components/invite-shell";
import { INVALID_INVITATION } from "./_components/messages";

/** The 404 for every dead invitation link (page.tsx calls notFound()), with one neutral message. */
export default function InvitationNotFound() {
  return (
    <InviteShell>
      <h1 className="text-xl font-semibold text-slate-900">Invitation not valid</h1>
      <p className="mt-3 text-sm text-slate-600">{INVALID_INVITATION}</p>
      <ButtonLink href="/sign-in" variant="secondary" className="mt-6 w-full">Go to sign in</ButtonLink>
    </InviteShell>
  );
}
