import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { accountTokenIsLive } from "@/lib/dal/account-tokens";
import { VerifyButton } from "./_components/verify-button";

export const metadata: Metadata = { title: "Verify your email address" };

/**
 * Opening the link does not verify: mail scanners fetch links to check them, and would verify
 * an address nobody read. A person presses the button, which posts the server action.
 */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await accountTokenIsLive(token, "verify_email"))) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">This link no longer works</h1>
        <p className="mt-2 text-sm text-slate-600">Verify links work once, for 24 hours. Sign in and ask for a new one from the banner at the top of the settings.</p>
        <Link href="/sign-in" className={buttonClass("primary", "mt-6 w-full")}>
          Sign in
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Verify your email address</h1>
      <p className="mt-2 text-sm text-slate-600">Confirm that this address is yours. You can then create API keys and join workspaces you are invited to.</p>
      <VerifyButton token={token} />
    </>
  );
}
