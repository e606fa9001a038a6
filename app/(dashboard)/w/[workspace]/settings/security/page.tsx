import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { listPasskeys } from "@/lib/dal/passkeys";
import { listSessions } from "@/lib/dal/sessions";
import { twoFactorStatus } from "@/lib/dal/two-factor";
import { formatDate } from "@/lib/format";
import { requireSession } from "@/lib/session";
import { AuthenticatorSection } from "./_components/authenticator-section";
import { PasskeysSection } from "./_components/passkeys-section";
import { SessionsSection } from "./_components/sessions-section";

export const metadata: Metadata = { title: "Security" };

/**
 * Account → Security: two-factor sign-in and the sessions of the signed-in person's account
 * (theirs, whichever workspace the URL names). No secret is rendered here: the authenticator
 * key and backup codes reach the browser only in the answers of the actions that make them.
 */
export default async function SecurityPage() {
  const { viewer, sessionId, twoFactorMissing } = await requireSession("/settings/security");
  const [status, passkeys, sessions] = await Promise.all([twoFactorStatus(viewer), listPasskeys(viewer), listSessions(viewer, sessionId)]);
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader title="Security" description="How you sign in to your account, and where it is signed in." />
      {twoFactorMissing && (
        <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">{viewer.workspace.name} requires two-factor authentication.</p>
          <p className="mt-1">
            Set up an authenticator app or add a passkey to continue. Until you do, this page is the only one of the workspace you can open, and your member keys are refused.
          </p>
        </div>
      )}
      <Card labelledBy="authenticator-title" className="p-6">
        <h2 id="authenticator-title" className="text-base font-semibold text-slate-900">
          Authenticator app
        </h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">
          Two-factor sign-in: after your password, sign-in asks for a 6-digit code from an app on your phone, so a stolen password alone is not enough.
        </p>
        <AuthenticatorSection enabled={status.enabled} enabledOn={status.enabledAt ? formatDate(status.enabledAt) : null} backupCodesLeft={status.backupCodesLeft} />
      </Card>
      <PasskeysSection passkeys={passkeys} />
      <Card labelledBy="sessions-title">
        <SessionsSection sessions={sessions} />
      </Card>
    </div>
  );
}
