"use client";

import Link from "@/components/workspace/link";
import { useWorkspaceHref } from "@/components/workspace/use-workspace";
import { usePathname } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

const ITEMS = [
  { href: "/settings/api-keys", label: "API Keys" },
  { href: "/settings/credentials", label: "Credentials" },
  { href: "/settings/webhooks", label: "Webhooks" },
  { href: "/settings/security-log", label: "Security log" },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/workspace", label: "Workspace" },
  { href: "/settings/profile", label: "Profile" },
  { href: "/settings/security", label: "Security" },
];

/**
 * The settings menu: a column beside the page from the md breakpoint, and below it a "Menu"
 * button that opens the same links as a list (a row of five links is wider than a phone).
 * `footer` (the theme switch, the account) sits under the links in both.
 */
export function SideMenu({ header, footer }: { header?: ReactNode; footer?: ReactNode }) {
  const pathname = usePathname();
  const resolve = useWorkspaceHref();
  const [open, setOpen] = useState(false);
  const current = ITEMS.find((item) => pathname === resolve(item.href) || pathname.startsWith(resolve(item.href) + "/"));
  useEffect(() => setOpen(false), [pathname]); // eslint-disable-line react-hooks/set-state-in-effect -- a navigation closes the phone menu

  return (
    <nav aria-label="Settings">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="settings-menu"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => event.key === "Escape" && setOpen(false)}
        className="flex w-full items-center justify-between rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow-sm ring-1 ring-slate-200 focus-visible:outline-2 focus-visible:outline-indigo-600 md:hidden"
      >
        <span>
          <span className="text-slate-500">Menu · </span>
          {current?.label ?? "Settings"}
        </span>
        <svg viewBox="0 0 20 20" fill="currentColor" className={cn("size-4 transition-transform", open && "rotate-180")} aria-hidden>
          <path fillRule="evenodd" d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
        </svg>
      </button>
      <div id="settings-menu" className={cn("mt-2 md:mt-0 md:block", open ? "block" : "hidden")}>
        {header && <div className="mb-4">{header}</div>}
        <p className="mb-2 hidden px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase md:block">Settings</p>
        <ul className="flex flex-col gap-1 rounded-md bg-white p-1 shadow-sm ring-1 ring-slate-200 md:bg-transparent md:p-0 md:shadow-none md:ring-0">
          {ITEMS.map((item) => (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={item === current ? "page" : undefined}
                className={cn(
                  "block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
                  item === current ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100",
                )}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        {footer && <div className="mt-4 border-t border-slate-200 px-3 pt-4">{footer}</div>}
      </div>
    </nav>
  );
}
