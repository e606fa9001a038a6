import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { ResendVerificationButton } from "@/components/account/resend-verification";
import { pendingVerification } from "@/lib/dal/account-tokens";
import { describeInvitation } from "@/lib/dal/invitations";
import { getViewer } from "@/lib/session";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/workspaces/roles";
import { InviteShell } from "./_components/invite-shell";
import { JoinButton } from "./_components/join-button";
import { SwitchAccountButton } from "./_components/switch-account";

// A fixed title: the token is the invitation itself and must not reach history menus, tab
// titles shared in screenshots, or anything else that records a title.
export const metadata: Metadata = { title: "Invitation" };

type Props = { params: Promise<{ token: string }> };

/**
 * An invitation link (/invite/<token>), reachable signed out. It shows who invites whom to
 * which workspace as what, and then, depending on the session: sign in or sign up with the
 * invited address; sign out of another account; or Join. A dead link, of any kind, is a 404
 * with one neutral message (not-found.tsx).
 */
export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const [invitation, viewer] = await Promise.all([describeInvitation(token), getViewer()]);
  if (!invitation) notFound();
  const here = `/invite/${token}`;
  const role = ROLE_LABELS[invitation.role];
  const sameEmail = viewer?.email.toLowerCase() === invitation.email;
  // With REQUIRE_EMAIL_VERIFICATION, joining waits for the address to be verified (the action checks it too).
  const unverified = viewer && sameEmail ? (await pendingVerification(viewer.id))?.required === true : false;
  return (
    <InviteShell>
      <h1 className="text-xl font-semibold break-words text-slate-900">Join {invitation.workspaceName}</h1>
      <p className="mt-3 text-sm text-slate-700">
        <strong className="font-semibold text-slate-900">{invitation.invitedByName}</strong> invited you to join{" "}
        <strong className="font-semibold text-slate-900">{invitation.workspaceName}</strong> as <strong className="font-semibold text-slate-900">{role}</strong>.
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {role}: {ROLE_DESCRIPTIONS[invitation.role]}
      </p>
      <dl className="mt-4 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 rounded-md bg-slate-50 px-4 py-3 text-sm ring-1 ring-slate-200">
        <dt className="text-slate-600">For</dt>
        <dd className="font-medium break-all text-slate-900">{invitation.email}</dd>
        <dt className="text-slate-600">Expires</dt>
        <dd className="text-slate-900">
          <RelativeTime at={invitation.expiresAt} />
        </dd>
      </dl>
      <div className="mt-6 space-y-3">
        {!viewer ? (
          <>
            <p className="text-sm text-slate-600">Sign in, or create an account, with {invitation.email} to accept.</p>
            <ButtonLink href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`} className="w-full">Sign in</ButtonLink>
            <ButtonLink href={`/sign-up?callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`} variant="secondary" className="w-full">
              Create account
            </ButtonLink>
          </>
        ) : sameEmail && unverified ? (
          <>
            <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
              Verify your email address first: follow the link we sent to <span className="font-medium break-all">{invitation.email}</span>, then come back to this
              invitation.
            </p>
            <ResendVerificationButton />
          </>
        ) : sameEmail ? (
          <JoinButton token={token} workspaceName={invitation.workspaceName} />
        ) : (
          <>
            <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
              You are signed in as <span className="font-medium break-all">{viewer.email}</span>. This invitation is for{" "}
              <span className="font-medium break-all">{invitation.email}</span>: only that account can accept it.
            </p>
            <SwitchAccountButton token={token} email={invitation.email} />
          </>
        )}
      </div>
    </InviteShell>
  );
}
