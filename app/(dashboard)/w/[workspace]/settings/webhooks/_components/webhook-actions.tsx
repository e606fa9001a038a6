"use client";

import { useWorkspaceRouter } from "@/components/workspace/use-workspace";
import { useEffect, useTransition } from "react";
import { toastResult } from "@/components/ui/action-toast";
import { Button, ButtonLink } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteWebhookAction, sendTestEventAction } from "../actions";

export const DELETE_WARNING = "Latchkey stops calling this endpoint at once, including retries waiting to be sent, and its delivery log is deleted.";

export function WebhookActions({ id, name }: { id: string; name: string }) {
  const router = useWorkspaceRouter();
  const [sending, startSending] = useTransition();
  const sendTest = () =>
    startSending(async () => {
      toastResult(await sendTestEventAction(id));
    });
  async function remove() {
    const result = await deleteWebhookAction(id);
    toastResult(result);
    if (result.ok) router.push("/settings/webhooks");
  }
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={sendTest} disabled={sending}>{sending ? "Sending…" : "Send test event"}</Button>
      <ButtonLink href={`/settings/webhooks/${id}/edit`} variant="secondary">Edit</ButtonLink>
      <ConfirmDialog trigger="Delete" title={`Delete ${name}?`} action={remove} confirm={<SubmitButton variant="danger" pendingText="Deleting…">Delete webhook</SubmitButton>}>
        {DELETE_WARNING}
      </ConfirmDialog>
    </div>
  );
}

/** While a delivery is on its way, the log refreshes itself every 2 seconds. */
export function RefreshWhilePending({ pending }: { pending: boolean }) {
  const router = useWorkspaceRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [pending, router]);
  return null;
}
