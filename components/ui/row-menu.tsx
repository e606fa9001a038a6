"use client";

import Link from "@/components/workspace/link";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { cn } from "./cn";

type ItemBase = { label: string; danger?: boolean; /** Unique when labels may repeat. */ id?: string; /** Marks the current choice (the workspace switcher). */ current?: boolean; hint?: string };
export type RowMenuItem = (ItemBase & { href: string }) | (ItemBase & { onSelect: () => void });

/** A wider trigger than the row's "…" (the workspace switcher): its content and classes, opening left-aligned. */
type Trigger = { content: ReactNode; className: string };

/**
 * A row's "…" menu (Copy ID, Roll, Revoke), as Stripe and Unkey have on every row: the common
 * actions without a trip to the item's page. A WAI-ARIA menu button: Enter, Space or ArrowDown
 * opens it on the first item, arrows move, Home/End jump, Escape and Tab close it, and focus
 * returns to the button. The list is fixed-positioned, so a scrolling table cannot clip it.
 */
export function RowMenu({ label, items, trigger }: { label: string; items: RowMenuItem[]; trigger?: Trigger }) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ top: number; right?: number; left?: number; minWidth?: number }>({ top: 0, right: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  const itemsOf = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const show = (focus: "first" | "last" = "first") => {
    const rect = button.current!.getBoundingClientRect();
    setPosition(
      trigger
        ? { top: rect.bottom + 4, left: Math.max(8, rect.left), minWidth: rect.width }
        : { top: rect.bottom + 4, right: Math.max(8, window.innerWidth - rect.right) },
    );
    setOpen(true);
    requestAnimationFrame(() => {
      const all = itemsOf();
      (focus === "first" ? all[0] : all.at(-1))?.focus();
    });
  };
  const hide = (returnFocus = true) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node) && !button.current?.contains(event.target as Node)) setOpen(false);
    };
    const onScroll = () => setOpen(false);
    document.addEventListener("pointerdown", onPointer);
    window.addEventListener("resize", onScroll);
    window.addEventListener("scroll", onScroll, true);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      window.removeEventListener("resize", onScroll);
      window.removeEventListener("scroll", onScroll, true);
    };
  }, [open]);

  const onMenuKey = (event: KeyboardEvent) => {
    const all = itemsOf();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => all[(i + all.length) % all.length]?.focus();
    if (event.key === "ArrowDown") go(at + 1);
    else if (event.key === "ArrowUp") go(at - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(all.length - 1);
    else if (event.key === "Escape") hide();
    else if (event.key === "Tab") return hide(false);
    else return;
    event.preventDefault();
  };

  const itemClass = (danger?: boolean) =>
    cn(
      "block w-full rounded px-3 py-2 text-left text-sm focus:outline-none",
      danger ? "text-red-700 hover:bg-red-50 focus:bg-red-50" : "text-slate-700 hover:bg-slate-100 focus:bg-slate-100",
    );

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label={trigger ? undefined : label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? hide() : show())}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown") { event.preventDefault(); show("first"); }
          if (event.key === "ArrowUp") { event.preventDefault(); show("last"); }
        }}
        className={
          trigger?.className ??
          "inline-flex size-8 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
        }
      >
        {trigger?.content ?? (
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-5" aria-hidden>
            <path d="M3 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM8.5 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM14 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0Z" />
          </svg>
        )}
      </button>
      {open && (
        <div
          ref={menu}
          id={id}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKey}
          style={position}
          className="fixed z-40 max-h-[70vh] max-w-[calc(100vw-1rem)] min-w-40 overflow-y-auto rounded-md bg-white p-1 shadow-lg ring-1 ring-slate-200"
        >
          {items.map((item) =>
            "href" in item ? (
              <Link
                key={item.id ?? item.label}
                href={item.href}
                role="menuitem"
                tabIndex={-1}
                aria-current={item.current ? "page" : undefined}
                className={cn(itemClass(item.danger), item.current && "font-semibold text-slate-900")}
                onClick={() => hide(false)}
              >
                <span className="flex items-center justify-between gap-3">
                  <span className="break-words">{item.label}</span>
                  {item.current && (
                    <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0 text-indigo-600" aria-hidden>
                      <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" />
                    </svg>
                  )}
                </span>
                {item.hint && <span className="block text-xs font-normal text-slate-600">{item.hint}</span>}
              </Link>
            ) : (
              <button
                key={item.id ?? item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={itemClass(item.danger)}
                onClick={() => {
                  // Focus back on the menu button first: a dialog opened next returns focus there.
                  hide();
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            ),
          )}
        </div>
      )}
    </>
  );
}
