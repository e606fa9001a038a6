"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";

type Props = {
  challenge: string;
  callbackUrl: string;
  /** Back to the password step, with a message when the challenge has ended. */
  onRestart: (message?: string) => void;
};

const waitText = (seconds: number) => {
  const minutes = Math.ceil(seconds / 60);
  return `Too many wrong codes. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
};

/**
 * The second step of signing in to an account with two-factor on: the password was right, and
 * the server answered with a challenge (not a session). A code from the authenticator app, or
 * a backup code, completes it through the "second-factor" provider.
 */
export function SecondFactorStep({ challenge, callbackUrl, onRestart }: Props) {
  const router = useRouter();
  const [code, setCode] = useState("");
  const [backup, setBackup] = useState(false);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  useEffect(() => input.current?.focus(), [backup]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) return fail({ code: backup ? "Enter one of your backup codes." : "Enter the 6-digit code from your authenticator app." });
    setPending(true);
    reset();
    const result = await signIn("second-factor", { challenge, code, redirect: false });
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setPending(false);
    setCode("");
    const wait = Number(result?.error?.match(/^throttled:(\d+)$/)?.[1] ?? 0);
    if (wait > 0) return fail({}, waitText(wait));
    if (result?.error === "second_factor_expired") return onRestart("That sign-in timed out or had too many wrong codes. Sign in again.");
    fail({ code: backup ? "That backup code is not right, or was already used." : "That code is not right. Wait for the next one and try again." });
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="mt-6 space-y-4" noValidate aria-labelledby="second-factor-title">
      <div>
        <h2 id="second-factor-title" className="text-base font-semibold text-slate-900">
          Two-factor authentication
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {backup ? "Enter one of the backup codes you saved when you set up two-factor sign-in. Each works once." : "Enter the code from your authenticator app."}
        </p>
      </div>
      <FormError message={formError} />
      <Field id="code" label={backup ? "Backup code" : "Authentication code"} error={errors.code}>
        <Input
          ref={input}
          id="code"
          name="code"
          autoComplete="one-time-code"
          inputMode={backup ? "text" : "numeric"}
          autoCapitalize="none"
          spellCheck={false}
          maxLength={24}
          placeholder={backup ? "xxxxx-xxxxx" : "123456"}
          className="font-mono tracking-widest"
          required
          error={errors.code}
          value={code}
          onChange={(e) => {
            setCode(e.target.value);
            clear("code");
          }}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Verifying…" : "Verify"}
      </Button>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <button
          type="button"
          className="font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
          onClick={() => {
            setBackup((b) => !b);
            setCode("");
            reset();
          }}
        >
          {backup ? "Use your authenticator app instead" : "Use a backup code instead"}
        </button>
        <button type="button" className="text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600" onClick={() => onRestart()}>
          Start over
        </button>
      </div>
    </form>
  );
}
