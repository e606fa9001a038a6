"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * A thin bar at the top while a navigation is under way (a link, a sort, a search, a page of
 * results), like GitHub's and Vercel's. It starts on the click or submit that navigates and
 * stops when the new URL has rendered.
 */
export function NavigationProgress() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [active, setActive] = useState(false);

  useEffect(() => {
    setActive(false); // eslint-disable-line react-hooks/set-state-in-effect -- the navigation it tracked has rendered
  }, [pathname, search]);

  useEffect(() => {
    const sameOrigin = (url: URL) => url.origin === window.location.origin;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href);
      if (!sameOrigin(url) || (url.pathname === window.location.pathname && url.search === window.location.search)) return;
      setActive(true);
    };
    const onSubmit = (event: SubmitEvent) => {
      // A GET form with an address is a navigation (the key search), whether next/form or the
      // browser does it. A script-driven form (no action, or a server action's) is not.
      const form = event.target as HTMLFormElement;
      const action = form.getAttribute("action");
      if (form.method.toLowerCase() === "get" && action && !action.startsWith("javascript:")) setActive(true);
    };
    // Bubble phase: a guard that cancels the click (an unsaved secret) runs first.
    document.addEventListener("click", onClick);
    document.addEventListener("submit", onSubmit);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("submit", onSubmit);
    };
  }, []);

  if (!active) return null;
  return (
    <div role="progressbar" aria-label="Loading page" aria-busy="true" className="fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden bg-indigo-100">
      <div className="h-full w-2/5 bg-indigo-600" style={{ animation: "latchkey-progress 1s ease-in-out infinite" }} />
    </div>
  );
}
