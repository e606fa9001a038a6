import { pendingVerification } from "@/lib/dal/account-tokens";
import { getViewer } from "@/lib/session";
import { ResendVerificationButton } from "./resend-verification";

/**
 * "Verify your address", for a signed-in person whose address is not verified yet (a new
 * account, or a changed email) while REQUIRE_EMAIL_VERIFICATION is on, with a throttled
 * "Resend link". Nothing for anyone else: when verification is optional the mailed link is
 * enough, and a banner on every page would only nag.
 */
export async function VerifyBanner() {
  const viewer = await getViewer();
  if (!viewer) return null;
  const pending = await pendingVerification(viewer.id);
  if (!pending?.required) return null;
  return (
    // No accessible name and no address in it: the banner sits above every settings page and must
    // not be what a label or an address on the page resolves to.
    <section data-testid="verify-banner" className="mb-6 flex flex-col gap-3 rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-amber-200 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0 text-sm text-amber-900">
        <h2 className="font-semibold">Verify your email address</h2>
        <p className="mt-0.5">
          We sent a link to your address. Until you follow it, you cannot create keys or accept invitations.
        </p>
      </div>
      <ResendVerificationButton />
    </section>
  );
}
