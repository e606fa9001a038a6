"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { SecondFactorStep } from "./second-factor-step";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  const [pending, setPending] = useState(false);
  // Set when the password was right for an account with two-factor on: the server made no
  // session yet, only a challenge to answer with a code.
  const [challenge, setChallenge] = useState<string | null>(null);
  const setError = (message: string) => fail({}, message);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    // Both missing fields at once, before a round trip that could only say "incorrect".
    const missing = { email: email.trim() ? undefined : "Enter your email address.", password: password ? undefined : "Enter your password." };
    if (missing.email || missing.password) return fail(missing);
    setPending(true);
    reset();
    const result = await signIn("credentials", { email, password, redirect: false });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    const second = result?.error?.match(/^second_factor:([A-Za-z0-9_-]+)$/)?.[1];
    if (second) {
      setPassword("");
      setChallenge(second);
      return;
    }
    const wait = Number(result?.error?.match(/^throttled:(\d+)$/)?.[1] ?? 0);
    if (wait > 0) {
      setError(`Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} ${wait > 60 ? "minutes" : "minute"}.`);
      return;
    }
    // One message for an unknown email and a wrong password: which one it was is
    // exactly what someone probing for accounts wants to learn.
    setError("Incorrect email or password.");
  }

  if (challenge) {
    return (
      <SecondFactorStep
        challenge={challenge}
        callbackUrl={callbackUrl}
        onRestart={(message) => {
          setChallenge(null);
          if (message) setError(message);
        }}
      />
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
      <Field id="password" label="Password" error={errors.password}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            clear("password");
          }}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
