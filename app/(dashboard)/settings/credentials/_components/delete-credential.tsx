"use client";

import { useState } from "react";
import { toastResult } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteCredentialAction } from "../actions";

export function DeleteCredential({ id, name, usedBy }: { id: string; name: string; usedBy: string[] }) {
  const [confirming, setConfirming] = useState(false);
  // The card (and this component) is gone once the deletion re-renders the list, so the toast
  // is raised here, in the submit's own continuation, not in an effect of this component.
  async function remove(form: FormData) {
    toastResult(await deleteCredentialAction(null, form));
  }
  if (!confirming) {
    return <Button variant="ghost" onClick={() => setConfirming(true)} aria-label={`Delete ${name}`}>Delete</Button>;
  }
  return (
    <form action={remove} role="group" aria-label={`Confirm deleting ${name}`} className="flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-3 py-2 ring-1 ring-red-200">
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-red-800">
        Delete this credential? Integrations using it will stop working.
        {usedBy.length > 0 && (
          <> Used by {usedBy.length === 1 ? "the webhook" : "the webhooks"} {usedBy.map((n) => `“${n}”`).join(", ")}.</>
        )}
      </p>
      <SubmitButton variant="danger" pendingText="Deleting…">Delete credential</SubmitButton>
      <Button variant="ghost" onClick={() => setConfirming(false)} autoFocus>Cancel</Button>
    </form>
  );
}
