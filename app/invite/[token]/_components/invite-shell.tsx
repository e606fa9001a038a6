import type { ReactNode } from "react";
import { Logo } from "@/components/logo";
import { SiteFooter } from "@/components/site-footer";

/**
 * The frame of the signed-out pages (app/(auth)/layout.tsx): the invitation is opened by people
 * who may not have an account yet, so it looks like sign-in and sign-up, not like the dashboard.
 */
export function InviteShell({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <main className="flex flex-1 flex-col items-center justify-center px-4 py-12 sm:px-6">
        <Logo />
        <div className="mt-8 w-full max-w-md rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
      </main>
      <SiteFooter />
    </div>
  );
}
