import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { accountTokenIsLive } from "@/lib/dal/account-tokens";
import { ResetPasswordForm } from "./_components/reset-password-form";

// The token stays out of the title (tab titles, history menus).
export const metadata: Metadata = { title: "Choose a new password" };

/** Opening the link only looks at it: a mail scanner that fetches links uses nothing up. */
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const live = await accountTokenIsLive(token, "reset_password");
  if (!live) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">This link no longer works</h1>
        <p className="mt-2 text-sm text-slate-600">Reset links work once, for 1 hour. Ask for a new one.</p>
        <Link href="/forgot-password" className={buttonClass("primary", "mt-6 w-full")}>
          Send a new link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Choose a new password</h1>
      <p className="mt-2 text-sm text-slate-600">Saving it signs you out everywhere, on every device. Then sign in with the new password.</p>
      <ResetPasswordForm token={token} />
    </>
  );
}
