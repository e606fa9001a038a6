"use client";

import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { Field, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { updateProfileAction } from "../actions";

export function ProfileForm({ name, email }: { name: string; email: string }) {
  const [result, action] = useActionState(updateProfileAction, null);
  useEffect(() => {
    if (result?.ok) toast.success(result.message);
  }, [result]);
  const errors = result && !result.ok ? result.fieldErrors : {};
  // Uncontrolled with defaultValue from the server; `key` re-seeds the fields after a save.
  return (
    <form action={action} className="space-y-4" key={`${name}|${email}`}>
      <Field id="profile-name" label="Name" error={errors.name}>
        <Input id="profile-name" name="name" autoComplete="name" required defaultValue={name} error={errors.name} />
      </Field>
      <Field id="profile-email" label="Email" error={errors.email}>
        <Input id="profile-email" name="email" type="email" autoComplete="email" required defaultValue={email} error={errors.email} />
      </Field>
      <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
    </form>
  );
}
