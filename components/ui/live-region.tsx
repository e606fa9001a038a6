"use client";

import { useEffect, useState } from "react";

const EVENT = "latchkey:announce";

/**
 * Says something out loud to screen readers through the page's polite live region, for what
 * changes on screen without a toast (a secret revealed, then hidden). Results of actions are
 * toasts, and sonner's toaster is a polite live region of its own.
 */
export function announce(message: string) {
  window.dispatchEvent(new CustomEvent(EVENT, { detail: message }));
}

export function LiveRegion() {
  const [message, setMessage] = useState("");
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAnnounce = (event: Event) => {
      // Cleared first, so the same message twice is announced twice.
      setMessage("");
      clearTimeout(timer);
      timer = setTimeout(() => setMessage((event as CustomEvent<string>).detail), 50);
    };
    window.addEventListener(EVENT, onAnnounce);
    return () => {
      window.removeEventListener(EVENT, onAnnounce);
      clearTimeout(timer);
    };
  }, []);
  return (
    <div role="status" aria-live="polite" aria-atomic="true" data-testid="live-region" className="sr-only">
      {message}
    </div>
  );
}
