import type { ReactNode } from "react";
import { Logo } from "@/components/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 py-12">
      <Logo />
      <div className="mt-8 w-full max-w-sm rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">{children}</div>
    </main>
  );
}
