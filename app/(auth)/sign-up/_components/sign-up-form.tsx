"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import { PASSWORD_MIN } from "@/lib/validation/auth";
import { signUpAction } from "../actions";

/**
 * `email` prefills the address (an invitation's), which stays editable. After a sign-up the
 * form shows "check your inbox" and does not sign in: signing in would work for a new account
 * and fail for a taken address, which would tell anyone which addresses have accounts.
 */
export function SignUpForm({ callbackUrl, email = "" }: { callbackUrl: string; email?: string }) {
  const [values, setValues] = useState({ name: "", email, password: "" });
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const signInHref = `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`;
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
      setSentTo(values.email.trim());
    } catch {
      fail({}, "Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }

  if (sentTo) {
    return (
      <div className="mt-6 space-y-4" role="status">
        <h2 className="text-base font-semibold text-slate-900">Check your inbox</h2>
        <p className="text-sm text-slate-600">
          We sent a message to <span className="font-medium break-all text-slate-900">{sentTo}</span>. Follow the link in it to verify your address, then
          sign in with your password.
        </p>
        <p className="text-sm text-slate-600">No message after a few minutes? Check your spam folder, or sign in and ask for a new link.</p>
        <Link
          href={signInHref}
          className={buttonClass("primary", "w-full")}
        >
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <>
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
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-indigo-600 hover:text-indigo-500" href={signInHref}>
          Sign in
        </Link>
      </p>
    </>
  );
}
