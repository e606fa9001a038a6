import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { getViewer } from "@/lib/session";
import { SideMenu } from "./_components/side-menu";
import { SignOutButton } from "./_components/sign-out-button";

/**
 * The settings shell. It does not decide access: a layout is not re-rendered on every
 * navigation, so each page calls requireViewer() itself.
 */
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const viewer = await getViewer();
  if (!viewer) return children;
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-16 max-w-screen-2xl items-center justify-between px-6">
          <Logo />
          <div className="flex items-center gap-4">
            <div className="hidden text-right text-sm sm:block">
              <div className="font-medium text-slate-900">{viewer.name}</div>
              <div className="text-slate-500">{viewer.email}</div>
            </div>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-screen-2xl flex-col gap-8 px-6 py-8 md:flex-row">
        <aside className="md:w-52 md:shrink-0">
          <SideMenu />
        </aside>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
