"use client";

import { useActionState } from "react";
import { useResultToast } from "@/components/ui/action-toast";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { revokeKeyAction } from "../actions";

/** Stays mounted once the key is revoked (rendering no button) so its toast still fires. */
export function RevokeKeyDialog({ sid, name, revoked }: { sid: string; name: string; revoked: boolean }) {
  const [result, action] = useActionState(revokeKeyAction, null);
  useResultToast(result);
  if (revoked) return null;
  return (
    <ConfirmDialog
      trigger="Revoke"
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
    </ConfirmDialog>
  );
}
