"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { copyText } from "@/components/copy-text";
import { notifyError, notifySuccess, toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import { SubmitButton } from "@/components/ui/submit-button";
import { leaveWorkspaceAction } from "../actions";
import { RemoveMemberDialog, type RemovalRequest } from "./remove-member-dialog";

type Props = {
  member: { userId: string; name: string; email: string };
  isYou: boolean;
  /** The viewer may remove this member (canRemove, and not themselves). */
  removable: boolean;
  workspaceName: string;
  /** The viewer is this workspace's only Owner: leaving is refused, and the dialog says why first. */
  lastOwner: boolean;
};

/**
 * A member's "…" menu: Copy email for everyone; Remove for those the viewer may remove (a
 * dialog that shows the impact first); Leave workspace in the viewer's own row.
 */
export function MemberRowMenu({ member, isYou, removable, workspaceName, lastOwner }: Props) {
  const removeDialog = useRef<DialogHandle>(null);
  const leaveDialog = useRef<DialogHandle>(null);
  // Chosen in the menu, opened once the menu has closed and handed focus back to its button,
  // where the dialog returns it on Escape.
  const [removing, setRemoving] = useState<RemovalRequest | null>(null);
  const [leaving, setLeaving] = useState<object | null>(null);
  useEffect(() => {
    if (removing) removeDialog.current?.open();
  }, [removing]);
  useEffect(() => {
    if (leaving) leaveDialog.current?.open();
  }, [leaving]);
  // Plain router: after leaving, this workspace's addresses are a 404 for the viewer, and
  // /settings/… opens another workspace of theirs.
  const router = useRouter();

  async function leave() {
    const result = await leaveWorkspaceAction();
    toastResult(result);
    if (!result.ok) return;
    leaveDialog.current?.close();
    router.replace("/settings/api-keys");
  }

  const items: RowMenuItem[] = [
    {
      label: "Copy email",
      onSelect: async () => ((await copyText(member.email)) ? notifySuccess(`${member.email} copied to clipboard.`) : notifyError("Could not copy. Select the text and copy it by hand.")),
    },
  ];
  if (isYou) items.push({ label: "Leave workspace", danger: true, onSelect: () => setLeaving({}) });
  else if (removable) items.push({ label: "Remove", danger: true, onSelect: () => setRemoving({ n: (removing?.n ?? 0) + 1 }) });

  return (
    <>
      <RowMenu label={`Actions for ${member.name}`} items={items} />
      {removable && !isYou && <RemoveMemberDialog handle={removeDialog} request={removing} userId={member.userId} name={member.name} />}
      {isYou && (
        <ConfirmDialog
          handle={leaveDialog}
          title={`Leave ${workspaceName}?`}
          action={leave}
          confirm={<SubmitButton variant="danger" pendingText="Leaving…">Leave workspace</SubmitButton>}
        >
          {lastOwner ? (
            <p>
              You are the only Owner of {workspaceName}, so you cannot leave it yet. A workspace needs at least one Owner: make someone else an Owner first.
            </p>
          ) : (
            <p>
              You lose access to {workspaceName} at once. Your member keys here stop working, and your credentials and webhooks pass to its longest-standing
              Owner. To come back, you need a new invitation.
            </p>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
