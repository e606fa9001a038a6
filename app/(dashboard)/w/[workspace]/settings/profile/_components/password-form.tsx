"use client";

import { signOut } from "next-auth/react";
import { useActionState, useEffect, useState } from "react";
import { useReauthAction } from "@/components/reauth/use-reauth";
import { Field, FormError, Input } from "@/components/ui/field";
import { useActionFeedback } from "@/components/ui/use-focus-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { PASSWORD_MIN } from "@/lib/validation/auth";
import { changePasswordAction } from "../actions";

export function PasswordForm() {
  const [result, action] = useActionState<ActionResult | null, FormData>(useReauthAction(changePasswordAction), null);
  useEffect(() => {
    // The server already ended every session; this clears the now-useless cookie.
    if (result?.ok) void signOut({ callbackUrl: "/sign-in?notice=password-changed" });
  }, [result]);
  const { form, errors, formError, clear } = useActionFeedback(result);
  // Controlled: React resets uncontrolled fields after an action, and a cancelled "Confirm it's
  // you" must leave the form as it was.
  const [values, setValues] = useState({ currentPassword: "", newPassword: "", confirmPassword: "" });
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    clear(field);
  };
  return (
    <form ref={form} action={action} className="mt-4 space-y-4" noValidate>
      <FormError message={formError} />
      <Field id="currentPassword" label="Current password" error={errors.currentPassword}>
        <Input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} value={values.currentPassword} onChange={set("currentPassword")} />
      </Field>
      <Field id="newPassword" label="New password" error={errors.newPassword} hint={`At least ${PASSWORD_MIN} characters.`}>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required hint error={errors.newPassword} value={values.newPassword} onChange={set("newPassword")} />
      </Field>
      <Field id="confirmPassword" label="Confirm new password" error={errors.confirmPassword}>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required error={errors.confirmPassword} value={values.confirmPassword} onChange={set("confirmPassword")} />
      </Field>
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
