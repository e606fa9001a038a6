"use client";

import { useActionState } from "react";
import { useReauthAction } from "@/components/reauth/use-reauth";
import { useResultToast } from "@/components/ui/action-toast";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { sendTestMailAction } from "../actions";

/** "Send a test" to the admin's own address (asks "Confirm it's you" first when needed). */
export function SendTestMail({ to }: { to: string }) {
  const [result, action] = useActionState<ActionResult | null, FormData>(useReauthAction(sendTestMailAction), null);
  useResultToast(result);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <SubmitButton pendingText="Sending…">Send a test</SubmitButton>
      <span className="text-sm text-slate-600">to {to}</span>
    </form>
  );
}
