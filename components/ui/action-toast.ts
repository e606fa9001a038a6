"use client";

import { useEffect } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/action-result";
import { announce } from "./live-region";

/** A success: a toast for the eyes and the live region for screen readers. */
export function notifySuccess(message: string) {
  toast.success(message);
  announce(message);
}

/** A failure, shown and announced the same way. */
export function notifyError(message: string) {
  toast.error(message);
  announce(message);
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
