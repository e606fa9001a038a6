import { pendingVerification } from "@/lib/dal/account-tokens";
import { getViewer } from "@/lib/session";
import { ResendVerificationButton } from "./resend-verification";

/**
 * "Verify your address", for a signed-in person whose address is not verified yet (a new
 * account, or a changed email), with a throttled "Resend link". Nothing for anyone else.
 */
export async function VerifyBanner() {
  const viewer = await getViewer();
  if (!viewer) return null;
  const pending = await pendingVerification(viewer.id);
  if (!pending) return null;
  return (
    <section aria-labelledby="verify-banner-title" className="mb-6 flex flex-col gap-3 rounded-lg bg-amber-50 px-4 py-3 ring-1 ring-amber-200 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0 text-sm text-amber-900">
        <h2 id="verify-banner-title" className="font-semibold">
          Verify your email address
        </h2>
        <p className="mt-0.5">
          We sent a link to <span className="font-medium break-all">{pending.email}</span>.
          {pending.required ? " Until you follow it, you cannot create keys or accept invitations." : " Follow it to confirm the address is yours."}
        </p>
      </div>
      <ResendVerificationButton />
    </section>
  );
}
