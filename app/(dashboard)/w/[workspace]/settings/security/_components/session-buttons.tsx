"use client";

import { toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { focusPageHeading } from "@/components/ui/focus";
import { SubmitButton } from "@/components/ui/submit-button";
import { endOtherSessionsAction, endSessionAction } from "../actions";

/** "Sign out" on another session's row. */
export function EndSessionButton({ handle, name }: { handle: string; name: string }) {
  async function end() {
    const form = new FormData();
    form.set("handle", handle);
    const outcome = await endSessionAction(form);
    toastResult(outcome);
    // The row, and the button that opened this, are gone: continue from the heading.
    if (outcome.ok) focusPageHeading();
  }
  return (
    <form action={end}>
      <SubmitButton variant="secondary" pendingText="Signing out…" aria-label={`Sign out ${name}`}>
        Sign out
      </SubmitButton>
    </form>
  );
}

/** Every session but this browser's. */
export function EndOtherSessions({ count }: { count: number }) {
  async function endAll() {
    toastResult(await endOtherSessionsAction());
    focusPageHeading();
  }
  return (
    <ConfirmDialog
      trigger="Sign out all other sessions"
      triggerVariant="secondary"
      title="Sign out all other sessions?"
      action={endAll}
      confirm={<SubmitButton variant="danger" pendingText="Signing out…">Sign out {count === 1 ? "1 session" : `${count} sessions`}</SubmitButton>}
    >
      Every other browser and device signed in to your account is signed out on its next request. This browser stays signed in.
    </ConfirmDialog>
  );
}
