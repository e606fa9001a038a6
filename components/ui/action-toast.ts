"use client";

import { useEffect } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/action-result";

/**
 * A success as a toast. Sonner's toaster is itself a polite live region (aria-live="polite"),
 * so the toast is what screen readers hear; saying it again elsewhere would say it twice.
 */
export function notifySuccess(message: string) {
  toast.success(message);
}

/** A failure, shown and announced the same way. */
export function notifyError(message: string) {
  toast.error(message);
}

/** Shows a server action's outcome as a toast: its message on success, its error on failure. */
export function toastResult(result: ActionResult | null) {
  if (result?.ok) {
    if (result.message) notifySuccess(result.message);
  } else if (result) {
    notifyError(result.error);
  }
}

/** Shows a server action's outcome as a toast, once per result (for useActionState's state). */
export function useResultToast(result: ActionResult | null) {
  useEffect(() => toastResult(result), [result]);
}
