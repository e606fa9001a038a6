"use client";

import { useEffect, useRef, useState } from "react";
import { copyText } from "@/components/copy-text";
import { notifyError, notifySuccess } from "@/components/ui/action-toast";
import type { DialogHandle } from "@/components/ui/confirm-dialog";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import { RevokeKeyDialog } from "./revoke-key-dialog";
import { RollKeyDialog } from "./roll-key-dialog";

type Props = { sid: string; name: string; rollable: boolean; revoked: boolean; created: number; replacedBy: string | null };

/** A key row's menu: Copy ID, Roll and Revoke without a trip to the key's page. */
export function KeyRowMenu({ sid, name, rollable, revoked, created, replacedBy }: Props) {
  const roll = useRef<DialogHandle>(null);
  const revoke = useRef<DialogHandle>(null);
  // Chosen in the menu, opened once the menu has closed (and handed focus back).
  const [chosen, setChosen] = useState<{ dialog: "roll" | "revoke" } | null>(null);
  useEffect(() => {
    if (chosen) (chosen.dialog === "roll" ? roll : revoke).current?.open();
  }, [chosen]);
  const items: RowMenuItem[] = [
    {
      label: "Copy ID",
      onSelect: async () => ((await copyText(sid)) ? notifySuccess(`Key ID ${sid} copied to clipboard.`) : notifyError("Could not copy. Select the text and copy it by hand.")),
    },
    { label: "View details", href: `/settings/api-keys/${sid}` },
  ];
  if (rollable) items.push({ label: "Roll key", onSelect: () => setChosen({ dialog: "roll" }) });
  if (!revoked) items.push({ label: "Revoke", onSelect: () => setChosen({ dialog: "revoke" }), danger: true });
  return (
    <>
      <RowMenu label={`Actions for ${name}`} items={items} />
      <RollKeyDialog sid={sid} name={name} rollable={rollable} handle={roll} />
      <RevokeKeyDialog sid={sid} name={name} revoked={revoked} created={created} replacedBy={replacedBy} handle={revoke} />
    </>
  );
}
