"use client";

import { signOut } from "next-auth/react";
import { useActionState, useEffect } from "react";
import { Field, Input } from "@/components/ui/field";
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
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="mt-4 space-y-4" noValidate>
      <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
      </Field>
      <Field id="newPassword" label="New password" error={errors.newPassword} hint={`At least ${PASSWORD_MIN} characters.`}>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required hint error={errors.newPassword} />
      </Field>
      <Field id="confirmPassword" label="Confirm new password" error={errors.confirmPassword}>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required error={errors.confirmPassword} />
      </Field>
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
