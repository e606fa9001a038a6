"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { notifyError, toastResult } from "@/components/ui/action-toast";
import { resendVerificationAction } from "@/app/(auth)/verify-email/actions";

export function ResendVerificationButton() {
  const [pending, setPending] = useState(false);
  async function resend() {
    setPending(true);
    try {
      toastResult(await resendVerificationAction());
    } catch {
      notifyError("Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }
  return (
    <Button variant="secondary" className="shrink-0" onClick={resend} disabled={pending}>
      {pending ? "Sending…" : "Resend link"}
    </Button>
  );
}
