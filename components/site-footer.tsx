import Link from "next/link";
import { currentTheme } from "@/components/theme-server";
import { ThemeSwitch } from "@/components/theme-switch";

/** The foot of the signed-out pages: the API reference and the theme switch. */
export async function SiteFooter() {
  const theme = await currentTheme();
  return (
    <footer className="mx-auto flex w-full max-w-3xl flex-wrap items-center justify-between gap-4 px-6 py-6 text-sm text-slate-600">
      <Link href="/docs/api" className="hover:text-slate-900 hover:underline">API reference</Link>
      <ThemeSwitch initial={theme} />
    </footer>
  );
}
