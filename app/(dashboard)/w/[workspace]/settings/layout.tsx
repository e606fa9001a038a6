import NextLink from "next/link";
import type { ReactNode } from "react";
import { VerifyBanner } from "@/components/account/verify-banner";
import { Logo } from "@/components/logo";
import { ReauthProvider } from "@/components/reauth/reauth-provider";
import { currentTheme } from "@/components/theme-server";
import { ThemeSwitch } from "@/components/theme-switch";
import { buttonClass } from "@/components/ui/button";
import { SkipLink } from "@/components/ui/skip-link";
import { instanceAdminOf } from "@/lib/dal/instance-admin";
import { listMyWorkspaces } from "@/lib/dal/members";
import { reauthMethods } from "@/lib/dal/sudo";
import { env } from "@/lib/env";
import { getViewer } from "@/lib/session";
import { SideMenu } from "./_components/side-menu";
import { WorkspaceSwitcher } from "./_components/workspace-switcher";
import { SignOutButton } from "./_components/sign-out-button";

/**
 * The settings shell of one workspace (the URL names it; lib/session.ts checks membership). It does not decide access: a layout is not re-rendered on every
 * navigation, so each page calls requireViewer() itself.
 */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) return children;
  // The Admin link is for instance admins only (listed and verified: lib/dal/instance-admin.ts).
  const [theme, workspaces, methods, admin] = await Promise.all([currentTheme(), listMyWorkspaces(viewer.id), reauthMethods(viewer.id), instanceAdminOf(viewer)]);
  const current = { slug: viewer.workspace.slug, name: viewer.workspace.name, role: viewer.role };
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-screen-2xl items-center justify-between gap-3 px-4 sm:px-6">
          <Logo />
          <div className="flex min-w-0 items-center gap-4">
            <div className="hidden min-w-0 text-right text-sm sm:block">
              <div className="truncate font-medium text-slate-900">{viewer.name}</div>
              <div className="truncate text-slate-500">{viewer.email}</div>
            </div>
            {admin && (
              <NextLink href="/admin/users" className={buttonClass("ghost")}>
                Admin
              </NextLink>
            )}
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-screen-2xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row md:gap-8 md:py-8">
        <aside className="md:w-52 md:shrink-0">
          <SideMenu header={<WorkspaceSwitcher current={current} workspaces={workspaces} />} footer={<ThemeSwitch initial={theme} />} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          <VerifyBanner />
          {/* One "Confirm it's you" dialog for every sensitive action on these pages (components/reauth). */}
          <ReauthProvider minutes={env().SUDO_MINUTES} methods={methods}>{children}</ReauthProvider>
        </main>
      </div>
    </div>
  );
}
