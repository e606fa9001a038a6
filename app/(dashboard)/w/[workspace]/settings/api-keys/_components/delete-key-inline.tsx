"use client";

import { useActionState, useRef, useState } from "react";
import { useReauthAction } from "@/components/reauth/use-reauth";
import { useResultToast } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { deleteKeyAction } from "../actions";

/**
 * Delete for good, behind an inline confirmation (a revoked or expired key only). Escape or
 * Cancel closes the confirmation and focus returns to Delete.
 */
export function DeleteKeyInline({ sid }: { sid: string }) {
  const [confirming, setConfirming] = useState(false);
  const [result, action] = useActionState<ActionResult | null, FormData>(useReauthAction(deleteKeyAction), null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  useResultToast(result);
  const cancel = () => {
    setConfirming(false);
    requestAnimationFrame(() => deleteButton.current?.focus());
  };
  if (!confirming) {
    return (
      <Button ref={deleteButton} variant="secondary" onClick={() => setConfirming(true)}>
        Delete
      </Button>
    );
  }
  return (
    <form
      action={action}
      onKeyDown={(event) => event.key === "Escape" && (event.preventDefault(), cancel())}
      className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-3 py-2 ring-1 ring-red-200"
      role="group"
      aria-label="Confirm deletion"
    >
      <input type="hidden" name="sid" value={sid} />
      <span className="text-sm text-red-800">Delete this key? Integrations using it will stop working.</span>
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete key
      </SubmitButton>
      <Button variant="ghost" onClick={cancel} autoFocus>
        Cancel
      </Button>
    </form>
  );
}
