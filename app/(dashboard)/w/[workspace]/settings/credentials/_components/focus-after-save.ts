"use client";

import { useEffect } from "react";

// The credential just saved, so the list can put focus on its row when it arrives. In memory,
// not in the URL: a client-side navigation keeps this module alive, and a reload or a link
// shared afterwards should not move anyone's focus.
let saved: string | null = null;

export const focusRowAfterSave = (id: string) => {
  saved = id;
};

/**
 * Rendered by the list: focuses the row of the credential the form just saved, once, as soon as
 * that row is on screen (a list rendered from before the save does not have it yet).
 */
export function FocusSavedRow({ ids }: { ids: string[] }) {
  const key = ids.join(",");
  useEffect(() => {
    if (!saved || !key.split(",").includes(saved)) return;
    const id = `credential-${saved}`;
    saved = null;
    requestAnimationFrame(() => document.getElementById(id)?.focus());
  }, [key]);
  return null;
}
