"use client";

import { useEffect } from "react";
import { toast } from "sonner";

type Result = { ok: true; message: string } | { ok: false; error: string } | null;

/** Shows a server action's outcome as a toast, once per result. */
export function useResultToast(result: Result) {
  useEffect(() => {
    if (result?.ok) toast.success(result.message);
    else if (result) toast.error(result.error);
  }, [result]);
}
