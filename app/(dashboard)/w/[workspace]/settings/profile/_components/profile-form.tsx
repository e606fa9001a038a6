"use client";

import { useActionState, useEffect, useState } from "react";
import { useReauthAction } from "@/components/reauth/use-reauth";
import { notifySuccess } from "@/components/ui/action-toast";
import { Field, FormError, Input } from "@/components/ui/field";
import { useActionFeedback } from "@/components/ui/use-focus-error";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { updateProfileAction } from "../actions";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const [result, action] = useActionState<ActionResult | null, FormData>(useReauthAction(updateProfileAction), null);
  // Controlled: React resets uncontrolled fields after an action, losing what was typed.
  const [values, setValues] = useState({ name, email, currentPassword: "" });
  const { form, errors, formError, clear } = useActionFeedback(result);
  // Failures are shown at their fields; only a success is a toast.
  useEffect(() => {
    if (result?.ok && result.message) notifySuccess(result.message);
  }, [result]);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    clear(field);
  };
  return (
    <form ref={form} action={action} className="space-y-4" noValidate>
      <FormError message={formError} />
      <Field id="profile-name" label="Name" error={errors.name}>
        <Input id="profile-name" name="name" autoComplete="name" required value={values.name} onChange={set("name")} error={errors.name} />
      </Field>
      <Field id="profile-email" label="Email" error={errors.email}>
        <Input id="profile-email" name="email" type="email" autoComplete="email" required value={values.email} onChange={set("email")} error={errors.email} />
      </Field>
      {values.email.trim().toLowerCase() !== email && (
        <Field
          id="profile-current-password"
          label="Current password"
          error={errors.currentPassword}
          hint="Needed to change your email. Your other sessions will be signed out."
        >
          <Input
            id="profile-current-password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            hint
            error={errors.currentPassword}
            value={values.currentPassword}
            onChange={set("currentPassword")}
          />
        </Field>
      )}
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </form>
  );
}
