"use client";

import { signOut } from "next-auth/react";
import { useActionState, useEffect } from "react";
import { Field, FormError, Input } from "@/components/ui/field";
import { useActionFeedback } from "@/components/ui/use-focus-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { PASSWORD_MIN } from "@/lib/validation/auth";
import { changePasswordAction } from "../actions";

export function PasswordForm() {
  const [result, action] = useActionState<ActionResult | null, FormData>(changePasswordAction, null);
  useEffect(() => {
    // The server already ended every session; this clears the now-useless cookie.
    if (result?.ok) void signOut({ callbackUrl: "/sign-in?notice=password-changed" });
  }, [result]);
  const { form, errors, formError, clear } = useActionFeedback(result);
  return (
    <form ref={form} action={action} className="mt-4 space-y-4" noValidate>
      <FormError message={formError} />
      <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} onChange={() => clear("currentPassword")} />
      </Field>
      <Field id="newPassword" label="New password" error={errors.newPassword} hint={`At least ${PASSWORD_MIN} characters.`}>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required hint error={errors.newPassword} onChange={() => clear("newPassword")} />
      </Field>
      <Field id="confirmPassword" label="Confirm new password" error={errors.confirmPassword}>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required error={errors.confirmPassword} onChange={() => clear("confirmPassword")} />
      </Field>
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
