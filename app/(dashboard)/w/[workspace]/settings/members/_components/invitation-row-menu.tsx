"use client";

import { useEffect, useRef, useState } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { focusPageHeading } from "@/components/ui/focus";
import { announce } from "@/components/ui/live-region";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import { SubmitButton } from "@/components/ui/submit-button";
import { renewInvitationLinkAction, revokeInvitationAction, type RevealedInvitation } from "../actions";
import { InvitationLink } from "./invitation-link";
import { Modal } from "./modal";

/**
 * A pending invitation's menu: Copy new link (a new link, shown once; the old one stops
 * working, since only a hash of each is kept) and Revoke (asks first).
 */
export function InvitationRowMenu({ id, email }: { id: string; email: string }) {
  const withReauth = useReauth();
  const revokeDialog = useRef<DialogHandle>(null);
  const linkDialog = useRef<DialogHandle>(null);
  const [revoking, setRevoking] = useState<object | null>(null);
  const [renewed, setRenewed] = useState<RevealedInvitation | null>(null);
  useEffect(() => {
    if (revoking) revokeDialog.current?.open();
  }, [revoking]);
  useEffect(() => {
    if (renewed) linkDialog.current?.open();
  }, [renewed]);

  async function renew() {
    announce(`Creating a new link for ${email}…`);
    const result = await withReauth(() => renewInvitationLinkAction(id));
    if (!result) return;
    if (result.ok) setRenewed(result.invitation);
    else toastResult(result);
  }
  async function revoke() {
    const result = await revokeInvitationAction(id);
    toastResult(result);
    // The row, and the button that opened the dialog, are gone: continue from the heading.
    if (result.ok) focusPageHeading();
  }

  const items: RowMenuItem[] = [
    { label: "Copy new link", onSelect: renew },
    { label: "Revoke", danger: true, onSelect: () => setRevoking({}) },
  ];
  return (
    <>
      <RowMenu label={`Actions for the invitation of ${email}`} items={items} />
      <ConfirmDialog
        handle={revokeDialog}
        title={`Revoke the invitation for ${email}?`}
        action={revoke}
        confirm={<SubmitButton variant="danger" pendingText="Revoking…">Revoke invitation</SubmitButton>}
      >
        Its link stops working at once. You can invite them again later.
      </ConfirmDialog>
      <Modal handle={linkDialog} title={`Invitation for ${email}`} onClose={() => setRenewed(null)} holdEscape={renewed !== null}>
        {renewed && <InvitationLink invitation={renewed} renewed onDone={() => linkDialog.current?.close()} />}
      </Modal>
    </>
  );
}
