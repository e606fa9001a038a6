"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import { PASSWORD_MIN } from "@/lib/validation/auth";
import { signUpAction } from "../actions";

/** `email` prefills the address (an invitation's), which stays editable. */
export function SignUpForm({ callbackUrl, email = "" }: { callbackUrl: string; email?: string }) {
  const router = useRouter();
  const [values, setValues] = useState({ name: "", email, password: "" });
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  const [pending, setPending] = useState(false);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    clear(field);
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    reset();
    try {
      const result = await signUpAction(values);
      if (!result.ok) {
        fail(result.fieldErrors ?? {}, formErrorOf(result));
        return;
      }
      const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
      if (!signedIn?.ok) throw new Error("sign-in after sign-up failed");
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      fail({}, "Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormError message={formError} />
      <Field id="name" label="Name" error={errors.name}>
        <Input id="name" name="name" autoComplete="name" required maxLength={80} error={errors.name} value={values.name} onChange={set("name")} />
      </Field>
      <Field id="email" label="Email" error={errors.email}>
        <Input id="email" name="email" type="email" autoComplete="email" required error={errors.email} value={values.email} onChange={set("email")} />
      </Field>
      <Field id="password" label="Password" error={errors.password} hint={`At least ${PASSWORD_MIN} characters.`}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint
          error={errors.password}
          value={values.password}
          onChange={set("password")}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
