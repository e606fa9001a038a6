"use client";

import { useEffect } from "react";
import { toast } from "sonner";

/** A one-off confirmation carried in the URL after a redirect (say, "… was deleted."). */
export function FlashToast({ message }: { message: string }) {
  useEffect(() => {
    toast.success(message, { id: message });
  }, [message]);
  return null;
}
