"use client";

import { useId, useState, useTransition } from "react";
import { toastResult } from "@/components/ui/action-toast";
import { useReauth } from "@/components/reauth/use-reauth";
import Link from "@/components/workspace/link";
import { cn } from "@/components/ui/cn";
import { setTwoFactorPolicyAction } from "../actions";

type Props = { required: boolean; ownTwoFactor: boolean };

/**
 * "Require two-factor authentication" (Owners): a switch. Turning it on asks "Confirm it's
 * you" like every sensitive change, and needs the Owner's own two-factor first, or they would
 * be sent to set it up themselves.
 */
export function TwoFactorPolicySwitch({ required, ownTwoFactor }: Props) {
  const labelId = useId();
  const descriptionId = useId();
  const [shown, setShown] = useState(required);
  const [pending, startTransition] = useTransition();
  const withReauth = useReauth();
  const blocked = !shown && !ownTwoFactor;

  const toggle = () =>
    startTransition(async () => {
      const next = !shown;
      const result = await withReauth(() => setTwoFactorPolicyAction({ required: next }));
      if (!result) return; // cancelled "Confirm it's you": nothing changed
      toastResult(result);
      if (result.ok) setShown(result.required);
    });

  return (
    <div className="space-y-3">
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <h2 id={labelId} className="text-sm font-medium text-slate-900">
            Require two-factor authentication
          </h2>
          <p id={descriptionId} className="mt-1 text-sm text-slate-600">
            Every member must sign in with a second factor. Members without one are sent to set it up before they can open this workspace&apos;s
            pages, and their member keys stop working until they do. Service keys are not affected.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={shown}
          aria-labelledby={labelId}
          aria-describedby={descriptionId}
          disabled={pending || blocked}
          onClick={toggle}
          className={cn(
            "relative inline-flex h-6 w-11 shrink-0 cursor-pointer rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50",
            shown ? "bg-indigo-600" : "bg-slate-300",
          )}
        >
          <span
            aria-hidden
            className={cn("pointer-events-none absolute top-0.5 left-0.5 size-5 rounded-full bg-white shadow transition-transform", shown && "translate-x-5")}
          />
        </button>
      </div>
      {pending && (
        <p className="text-sm text-slate-600" role="status">
          Saving…
        </p>
      )}
      {blocked && (
        <p className="text-sm text-amber-800">
          Turn on two-factor authentication for your own account first on the{" "}
          <Link href="/settings/security" className="font-medium text-indigo-700 underline underline-offset-2">
            Security
          </Link>{" "}
          page.
        </p>
      )}
    </div>
  );
}
