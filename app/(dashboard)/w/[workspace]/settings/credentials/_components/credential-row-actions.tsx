"use client";

import { useRef, useState, type ReactNode } from "react";
import { copyText } from "@/components/copy-text";
import { notifyError, notifySuccess } from "@/components/ui/action-toast";
import { RowMenu } from "@/components/ui/row-menu";
import { DeleteCredential } from "./delete-credential";

type Props = { id: string; name: string; usedBy: string[]; children: ReactNode };

/**
 * A row of the list: what the server rendered (children), its "…" menu (Edit, Copy ID, Delete)
 * and, once Delete is chosen, the inline confirmation below it.
 */
export function CredentialRowActions({ id, name, usedBy, children }: Props) {
  const [confirming, setConfirming] = useState(false);
  const root = useRef<HTMLDivElement>(null);

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
          items={[
            { label: "Edit", href: `/settings/credentials/${id}` },
            { label: "Copy ID", onSelect: copyId },
            { label: "Delete", onSelect: () => setConfirming(true), danger: true },
          ]}
        />
      </div>
      {confirming && <DeleteCredential id={id} name={name} usedBy={usedBy} onCancel={cancel} />}
    </div>
  );
}
