"use client";

import { useActionState, useEffect, useState } from "react";
import { toast } from "sonner";
import { Field, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { updateProfileAction } from "../actions";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const [result, action] = useActionState<ActionResult | null, FormData>(updateProfileAction, null);
  // Controlled: React resets uncontrolled fields after an action, losing what was typed.
  const [values, setValues] = useState({ name, email });
  useEffect(() => {
    if (result?.ok && result.message) toast.success(result.message);
  }, [result]);
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field id="profile-name" label="Name" error={errors.name}>
        <Input id="profile-name" name="name" autoComplete="name" required value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} error={errors.name} />
      </Field>
      <Field id="profile-email" label="Email" error={errors.email}>
        <Input id="profile-email" name="email" type="email" autoComplete="email" required value={values.email} onChange={(e) => setValues({ ...values, email: e.target.value })} error={errors.email} />
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
          />
        </Field>
      )}
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </form>
  );
}
