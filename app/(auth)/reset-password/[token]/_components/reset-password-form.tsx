"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import { PASSWORD_MIN } from "@/lib/validation/auth";
import { resetPasswordAction } from "../actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const [values, setValues] = useState({ newPassword: "", confirmPassword: "" });
  const [pending, setPending] = useState(false);
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    clear(field);
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    reset();
    try {
      const result = await resetPasswordAction({ token, ...values });
      if (!result.ok) return fail(result.fieldErrors ?? {}, formErrorOf(result));
      router.replace("/sign-in?notice=password-reset");
    } catch {
      fail({}, "Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormError message={formError} />
      <Field id="newPassword" label="New password" error={errors.newPassword} hint={`At least ${PASSWORD_MIN} characters.`}>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" required hint error={errors.newPassword} value={values.newPassword} onChange={set("newPassword")} />
      </Field>
      <Field id="confirmPassword" label="Confirm new password" error={errors.confirmPassword}>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required error={errors.confirmPassword} value={values.confirmPassword} onChange={set("confirmPassword")} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
