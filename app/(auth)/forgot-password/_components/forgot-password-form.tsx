"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import { forgotPasswordAction } from "../actions";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim()) return fail({ email: "Enter your email address." });
    setPending(true);
    reset();
    try {
      const result = await forgotPasswordAction({ email });
      if (!result.ok) return fail(result.fieldErrors ?? {}, formErrorOf(result));
      setSentTo(email.trim());
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
          If an account uses <span className="font-medium break-all text-slate-900">{sentTo}</span>, we sent it a link to choose a new password. The link
          works once, for 1 hour.
        </p>
        <Link href="/sign-in" className={buttonClass("secondary", "w-full")}>
          Back to sign in
        </Link>
      </div>
    );
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
      <FormError message={formError} />
      <Field id="email" label="Email" error={errors.email}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={errors.email}
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            clear("email");
          }}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
    </form>
  );
}
