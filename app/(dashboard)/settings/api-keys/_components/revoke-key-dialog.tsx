"use client";

import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { revokeKeyAction } from "../actions";

/** Stays mounted once the key is revoked (rendering no button) so its toast still fires. */
export function RevokeKeyDialog({ sid, name, revoked }: { sid: string; name: string; revoked: boolean }) {
  const [result, action] = useActionState(revokeKeyAction, null);
  useEffect(() => {
    if (result?.ok) toast.success(`“${name}” was revoked.`);
    else if (result) toast.error(result.error);
  }, [result, name]);
  if (revoked) return null;

  return (
    <ConfirmDialog
      trigger="Revoke"
      title={`Revoke “${name}”?`}
      confirm={
        <form action={action}>
          <input type="hidden" name="sid" value={sid} />
          <SubmitButton variant="danger" pendingText="Revoking…">
            Revoke key
          </SubmitButton>
        </form>
      }
    >
      Requests using this key will be refused immediately. Integrations using it will stop working. This cannot be undone; the key stays listed
      as revoked.
    </ConfirmDialog>
  );
}
