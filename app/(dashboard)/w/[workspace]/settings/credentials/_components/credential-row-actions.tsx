"use client";

import { useRef, useState, type ReactNode } from "react";
import { copyText } from "@/components/copy-text";
import { notifyError, notifySuccess } from "@/components/ui/action-toast";
import { RowMenu } from "@/components/ui/row-menu";
import type { DialogHandle } from "@/components/ui/confirm-dialog";
import type { WebhookUse } from "@/lib/dal/credential-sharing";
import { DeleteCredential } from "./delete-credential";
import { ShareCredential, type ShareTarget } from "./share-credential";

type Props = {
  id: string;
  name: string;
  usedBy: WebhookUse[];
  /** Set when the viewer manages it (its creator, an Admin or an Owner): Edit, Share and Delete. */
  share: { target: ShareTarget; members: { id: string; name: string; email: string }[] } | null;
  children: ReactNode;
};

/**
 * A row of the list: what the server rendered (children), its "…" menu (Edit, Share, Copy ID,
 * Delete for those who manage it; View and Copy ID for those it is shared with) and, once
 * Delete is chosen, the inline confirmation below it.
 */
export function CredentialRowActions({ id, name, usedBy, share, children }: Props) {
  const [confirming, setConfirming] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const dialog = useRef<DialogHandle>(null);

  // Delete lived in the menu, which is closed now: focus goes back to the menu's button.
  const cancel = () => {
    setConfirming(false);
    requestAnimationFrame(() => root.current?.querySelector<HTMLElement>('button[aria-haspopup="menu"]')?.focus());
  };
  async function copyId() {
    if (await copyText(id)) notifySuccess("ID copied to clipboard.");
    else notifyError("Could not copy. The ID is shown on the credential’s page, to select by hand.");
  }

  return (
    <div ref={root}>
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">{children}</div>
        <RowMenu
          label={`Actions for ${name}`}
          items={
            share
              ? [
                  { label: "Edit", href: `/settings/credentials/${id}` },
                  { label: "Share…", onSelect: () => dialog.current?.open() },
                  { label: "Copy ID", onSelect: copyId },
                  { label: "Delete", onSelect: () => setConfirming(true), danger: true },
                ]
              : [
                  { label: "View", href: `/settings/credentials/${id}` },
                  { label: "Copy ID", onSelect: copyId },
                ]
          }
        />
      </div>
      {share && <ShareCredential credential={share.target} members={share.members} handle={dialog} />}
      {confirming && <DeleteCredential id={id} name={name} usedBy={usedBy} onCancel={cancel} />}
    </div>
  );
}
