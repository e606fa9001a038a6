"use client";

import type { KeyboardEvent } from "react";
import { toastResult } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { focusPageHeading } from "@/components/ui/focus";
import { SubmitButton } from "@/components/ui/submit-button";
import type { WebhookUse } from "@/lib/dal/credential-sharing";
import { deleteCredentialAction } from "../actions";

type Props = { id: string; name: string; usedBy: WebhookUse[]; onCancel: () => void };

/**
 * The inline confirmation the row menu's Delete opens. Focus starts on Cancel, the safe choice;
 * Escape or Cancel closes it and hands focus back (onCancel).
 */
export function DeleteCredential({ id, name, usedBy, onCancel }: Props) {
  // The row (and this form) is gone once the deletion re-renders the list, so the result is
  // toasted and announced here, in the submit's own continuation, and focus goes to the heading.
  async function remove(form: FormData) {
    const result = await deleteCredentialAction(null, form);
    toastResult(result);
    if (result.ok) focusPageHeading();
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onCancel();
  };
  return (
    <form action={remove} onKeyDown={onKeyDown} role="group" aria-label={`Confirm deleting ${name}`} className="mt-3 flex flex-wrap items-center gap-2 rounded-md bg-red-50 px-3 py-2 ring-1 ring-red-200">
      <input type="hidden" name="id" value={id} />
      {/* The webhooks shown here: the server deletes nothing if another uses it by now. */}
      {usedBy.map((w) => <input key={w.id} type="hidden" name="acknowledged" value={w.id} />)}
      <p className="w-full text-sm text-red-800 sm:w-auto sm:flex-1">
        Delete this credential? Integrations using it will stop working.
        {usedBy.length > 0 && (
          <>
            {" "}
            {usedBy.length === 1 ? "This webhook stops" : "These webhooks stop"} authenticating, and {usedBy.length === 1 ? "its deliveries fail" : "their deliveries fail"} saying the credential was deleted:{" "}
            {usedBy.map((w) => `“${w.name}” (${w.owner})`).join(", ")}.
          </>
        )}
      </p>
      <SubmitButton variant="danger" pendingText="Deleting…">Delete credential</SubmitButton>
      <Button variant="ghost" onClick={onCancel} autoFocus>Cancel</Button>
    </form>
  );
}
