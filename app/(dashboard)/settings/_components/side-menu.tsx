"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const ITEMS = [
  { href: "/settings/api-keys", label: "API Keys" },
  { href: "/settings/credentials", label: "Credentials" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/security-log", label: "Security log" },
  { href: "/settings/profile", label: "Profile" },
];

export function SideMenu() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings">
      <p className="mb-2 px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">Settings</p>
      <ul className="flex gap-1 md:flex-col">
        {ITEMS.map((item) => {
          const current = pathname === item.href || pathname.startsWith(item.href + "/");
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-2 text-sm font-medium",
                  current ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
