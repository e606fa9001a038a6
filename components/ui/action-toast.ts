"use client";

import { useEffect } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/action-result";

/** Shows a server action's outcome as a toast: its message on success, its error on failure. */
export function toastResult(result: ActionResult | null) {
  if (result?.ok) {
    if (result.message) toast.success(result.message);
  } else if (result) {
    toast.error(result.error);
  }
}

/** Shows a server action's outcome as a toast, once per result (for useActionState's state). */
export function useResultToast(result: ActionResult | null) {
  useEffect(() => toastResult(result), [result]);
}
