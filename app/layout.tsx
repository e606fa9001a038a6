import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { Suspense, type ReactNode } from "react";
import { Toaster } from "sonner";
import { currentTheme } from "@/components/theme-server";
import { LiveRegion } from "@/components/ui/live-region";
import { NavigationProgress } from "@/components/ui/progress-bar";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Latchkey", template: "%s · Latchkey" },
  description: "API keys you can create, reveal once, find, inspect and revoke.",
  // Key pages are private: keep them out of search engines even if a URL leaks.
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, so Next can put the nonce of that request's CSP
  // (proxy.ts) on its scripts; a prerendered page would carry none and be blocked.
  await connection();
  const theme = await currentTheme();
  return (
    <html lang="en" data-theme={theme}>
      <body className="min-h-screen font-sans">
        <Suspense>
          <NavigationProgress />
        </Suspense>
        {children}
        <LiveRegion />
        {/* Light always: the palette itself turns around in the dark theme (globals.css). */}
        <Toaster position="bottom-right" theme="light" richColors closeButton />
      </body>
    </html>
  );
}
