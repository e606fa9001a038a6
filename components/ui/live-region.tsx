"use client";

import { useEffect, useState } from "react";

const EVENT = "latchkey:announce";

/**
 * Says a result out loud to screen readers ("Key revoked.") through the page's one polite
 * live region. Toasts are for the eyes; this is for the ears, and it is what tests read.
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
