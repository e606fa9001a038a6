"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/** Where the person was going when the guard stopped them. */
export type PendingExit = { kind: "link"; href: string } | { kind: "back" } | { kind: "done" };

/**
 * Holds every way out of a page while `active` (a secret not yet copied): any link (the side
 * menu, the breadcrumb, the logo), browser Back, reload and closing the tab. Links and Back
 * open the caller's confirmation (`pending` is set); reload and close get the browser's own.
 *
 * Back works by a duplicate history entry: while active, the page sits on a copy of its own
 * entry, so Back only returns to the same page and fires popstate, where the guard asks and
 * puts the copy back. Leaving by Back goes two entries back; by a link, the link replaces the copy.
 */
export function useLeaveGuard(active: boolean) {
  const router = useRouter();
  const [pending, setPending] = useState<PendingExit | null>(null);
  const armed = useRef(false);

  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === "_blank" || anchor.hasAttribute("download")) return;
      // A new tab, a download or a jump within the page (the skip link) does not leave it.
      const url = new URL(anchor.href);
      if (url.hash && url.origin === window.location.origin && url.pathname === window.location.pathname && url.search === window.location.search) return;
      event.preventDefault();
      event.stopPropagation();
      setPending({ kind: "link", href: anchor.href });
    };
    const onPopState = () => {
      if (!armed.current) return;
      window.history.pushState(window.history.state, "", window.location.href);
      setPending({ kind: "back" });
    };
    const href = window.location.href;
    window.history.pushState(window.history.state, "", href);
    armed.current = true;
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture phase: before next/link's own click handler navigates.
    document.addEventListener("click", onClick, true);
    window.addEventListener("popstate", onPopState);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("popstate", onPopState);
      if (armed.current && window.location.href === href) {
        // Disarmed in place (copied, or Done): the duplicate entry stays (history cannot drop
        // one), so the next Back that lands on this same page takes one more step by itself.
        armed.current = false;
        const skipDuplicate = () => {
          window.removeEventListener("popstate", skipDuplicate);
          if (window.location.href === href) window.history.back();
        };
        window.addEventListener("popstate", skipDuplicate);
      }
    };
  }, [active]);

  return {
    pending,
    /** Ask before an exit the caller owns (its own Done button). */
    ask: (exit: PendingExit) => setPending(exit),
    /** Asked: stay on the page. */
    stay: () => setPending(null),
    /** Asked: leave anyway, where the person was going. */
    leave: (exit: PendingExit) => {
      armed.current = false;
      setPending(null);
      if (exit.kind === "back") window.history.go(-2);
      else if (exit.kind === "link") {
        const url = new URL(exit.href);
        // Replace the duplicate entry: Back from there returns to this page, once.
        if (url.origin === window.location.origin) router.replace(url.pathname + url.search + url.hash);
        else window.location.assign(exit.href);
      }
    },
  };
}
