"use client";

import { useEffect, useRef, useState } from "react";
import { copyText } from "@/components/copy-text";
import { notifyError, notifySuccess, toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { focusPageHeading } from "@/components/ui/focus";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteWebhookAction, sendTestEventAction } from "../actions";
import { DELETE_WARNING } from "./webhook-actions";

/**
 * A webhook row's menu: Copy ID, its deliveries, Edit, Send test event and Delete without a
 * trip to the webhook's page. Each action is the same server action the webhook's page uses.
 */
export function WebhookRowMenu({ id, name, manageable = true }: { id: string; name: string; manageable?: boolean }) {
  const dialog = useRef<DialogHandle>(null);
  // Chosen in the menu, opened once the menu has closed and handed focus back to its button,
  // where the dialog returns it on Escape.
  const [deleting, setDeleting] = useState<object | null>(null);
  useEffect(() => {
    if (deleting) dialog.current?.open();
  }, [deleting]);

  async function remove() {
    const result = await deleteWebhookAction(id);
    toastResult(result);
    // The row, and the button that opened the dialog, are gone: continue from the heading
    // (which closes the dialog first). A failure leaves the dialog open beside its message.
    if (result.ok) focusPageHeading();
  }
  async function sendTest() {
    const result = await sendTestEventAction(id);
    // The action's own message points to the log below it on the webhook's page; here there is none.
    if (result.ok) notifySuccess(`Test event queued for ${name}. Its delivery appears under View deliveries.`);
    else toastResult(result);
  }
  const items: RowMenuItem[] = [
    {
      label: "Copy ID",
      onSelect: async () => ((await copyText(id)) ? notifySuccess(`Webhook ID ${id} copied to clipboard.`) : notifyError("Could not copy. Select the text and copy it by hand.")),
    },
    { label: "View deliveries", href: `/settings/webhooks/${id}` },
    // Only for those whose role may change it (the actions refuse the others anyway).
    ...(manageable
      ? [
          { label: "Edit", href: `/settings/webhooks/${id}/edit` },
          { label: "Send test event", onSelect: sendTest },
          { label: "Delete", onSelect: () => setDeleting({}), danger: true },
        ]
      : []),
  ];
  return (
    <>
      <RowMenu label={`Actions for ${name}`} items={items} />
      <ConfirmDialog handle={dialog} title={`Delete ${name}?`} action={remove} confirm={<SubmitButton variant="danger" pendingText="Deleting…">Delete webhook</SubmitButton>}>
        {DELETE_WARNING}
      </ConfirmDialog>
    </>
  );
}
