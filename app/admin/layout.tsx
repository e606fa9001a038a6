import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/app/(dashboard)/w/[workspace]/settings/_components/sign-out-button";
import { Logo } from "@/components/logo";
import { ReauthProvider } from "@/components/reauth/reauth-provider";
import { currentTheme } from "@/components/theme-server";
import { ThemeSwitch } from "@/components/theme-switch";
import { buttonClass } from "@/components/ui/button";
import { SkipLink } from "@/components/ui/skip-link";
import { currentInstanceAdmin } from "@/lib/admin-session";
import { reauthMethods } from "@/lib/dal/sudo";
import { env } from "@/lib/env";
import { AdminNav } from "./_components/admin-nav";

export const metadata: Metadata = { title: { template: "%s · Admin · Latchkey", default: "Admin · Latchkey" } };

/**
 * The instance Admin area's shell: not inside any workspace. It does not decide access (a
 * layout is not re-rendered on every navigation): each page calls requireInstanceAdmin(), and
 * for anyone else the shell stays out of the way of the 404 page.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const admin = await currentInstanceAdmin();
  if (!admin) return children;
  const [theme, methods] = await Promise.all([currentTheme(), reauthMethods(admin.id)]);
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-screen-2xl items-center justify-between gap-3 px-4 sm:px-6">
          <div className="flex items-center gap-3">
            <Logo />
            <span className="rounded-md bg-slate-900 px-2 py-0.5 text-xs font-semibold tracking-wide text-white uppercase">Admin</span>
          </div>
          <div className="flex items-center gap-3">
            <Link href="/settings/api-keys" className={buttonClass("ghost", "max-sm:hidden")}>
              Back to my workspace
            </Link>
            <SignOutButton />
          </div>
        </div>
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center justify-between gap-3 px-4 pb-3 sm:px-6">
          <AdminNav />
          <ThemeSwitch initial={theme} />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-screen-2xl px-4 py-6 focus:outline-none sm:px-6 md:py-8">
        {/* One "Confirm it's you" dialog for every admin action (components/reauth): each needs it. */}
        <ReauthProvider minutes={env().SUDO_MINUTES} methods={methods}>{children}</ReauthProvider>
      </main>
    </div>
  );
}
