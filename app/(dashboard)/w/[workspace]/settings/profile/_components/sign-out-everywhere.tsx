"use client";

import { signOut } from "next-auth/react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { signOutEverywhereAction } from "../actions";

export function SignOutEverywhere() {
  async function endAll() {
    await signOutEverywhereAction();
    // This browser's cookie is already worthless; clear it and go to sign-in.
    await signOut({ callbackUrl: "/sign-in" });
  }
  return (
    <ConfirmDialog
      trigger="Sign out everywhere"
      title="Sign out everywhere?"
      action={endAll}
      confirm={<SubmitButton variant="danger" pendingText="Signing out…">Sign out everywhere</SubmitButton>}
    >
      Every browser and device signed in to this account is signed out at once, this one included. API keys are not affected.
    </ConfirmDialog>
  );
}
