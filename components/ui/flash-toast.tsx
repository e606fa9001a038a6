"use client";

import { useEffect } from "react";
import { toast } from "sonner";
import { focusPageHeading } from "./focus";

/** A one-off confirmation carried in the URL after a redirect (say, "… was deleted."). */
export function FlashToast({ message }: { message: string }) {
  useEffect(() => {
    toast.success(message, { id: message });
    // What had focus (a Delete button) is gone with its page: start from this page's heading.
    focusPageHeading();
  }, [message]);
  return null;
}
