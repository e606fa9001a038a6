"use client";

import { useState, type Ref } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { focusPageHeading } from "@/components/ui/focus";
import { SubmitButton } from "@/components/ui/submit-button";
import { revokeKeyAction } from "../actions";

type Props = {
  sid: string;
  name: string;
  revoked: boolean;
  /** Live keys this one created through the API (directly or through keys it created). */
  created?: number;
  /** The key this one was rolled into, while it still works: it is revoked too. */
  replacedBy?: string | null;
  /** Opened from elsewhere (a row's menu) instead of its own button. */
  handle?: Ref<DialogHandle>;
};

export function RevokeKeyDialog({ sid, name, revoked, created = 0, replacedBy = null, handle }: Props) {
  // The answer is handled where it arrives, not in an effect: the revoked row moves to the
  // revoked list, which unmounts this dialog before an effect could run.
  const withReauth = useReauth();
  // Controlled, so a cancelled "Confirm it's you" leaves the choice as it was (React resets
  // uncontrolled fields after a form action).
  const [alsoCreated, setAlsoCreated] = useState(true);
  const action = async (form: FormData) => {
    // Asks "Confirm it's you" first when the server wants it; null: cancelled, nothing changed.
    const result = await withReauth(() => revokeKeyAction(null, form));
    if (!result) return;
    toastResult(result);
    // The button that had focus is gone with the dialog: continue from the page's heading.
    if (result.ok) focusPageHeading();
  };
  if (revoked) return null;
  return (
    <ConfirmDialog
      trigger={handle ? undefined : "Revoke"}
      handle={handle}
      title={`Revoke “${name}”?`}
      action={action}
      confirm={
        <SubmitButton variant="danger" pendingText="Revoking…">
          Revoke key
        </SubmitButton>
      }
    >
      <input type="hidden" name="sid" value={sid} />
      Requests using this key will be refused immediately. Integrations using it will stop working. This cannot be undone; the key stays listed
      as revoked.
      {replacedBy && (
        <span className="mt-2 block">
          Its replacement <code className="font-mono">{replacedBy}</code> is revoked with it: a revoked key never leaves a working successor. To
          stop only the old secret, use End grace period instead.
        </span>
      )}
      {created > 0 && (
        <label className="mt-3 flex items-start gap-2 text-slate-700">
          <input type="checkbox" name="alsoCreated" checked={alsoCreated} onChange={(event) => setAlsoCreated(event.target.checked)} className="mt-0.5 h-4 w-4 rounded border-slate-300" />
          <span>
            Also revoke the {created === 1 ? "key" : `${created} keys`} it created through the API (and the keys those created).
          </span>
        </label>
      )}
    </ConfirmDialog>
  );
}
