"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { rollKeyAction } from "../actions";
import { stashSecret } from "@/components/reveal-store";

const GRACES = [
  { value: "now", label: "Now", hint: "the old secret stops at once" },
  { value: "1h", label: "1 hour", hint: "" },
  { value: "24h", label: "24 hours", hint: "" },
  { value: "7d", label: "7 days", hint: "" },
];

/**
 * Stripe's roll: a new secret now, the old one working for a chosen grace period. It stays
 * mounted once the key is rolled (rendering nothing): the action's answer re-renders this
 * page as "rolled", and the effect that carries the new secret to its page must still run.
 */
export function RollKeyDialog({ sid, name, rollable }: { sid: string; name: string; rollable: boolean }) {
  const router = useRouter();
  const [result, action] = useActionState<ActionResult<{ sid: string; secret: string }> | null, FormData>(rollKeyAction, null);
  useEffect(() => {
    if (result?.ok) {
      stashSecret(result.sid, result.secret);
      router.push(`/settings/api-keys/${result.sid}`);
    } else if (result) {
      toast.error(result.error);
    }
  }, [result, router]);

  if (!rollable) return null;
  return (
    <ConfirmDialog
      trigger="Roll key"
      triggerVariant="secondary"
      title={`Roll “${name}”?`}
      action={action}
      confirm={<SubmitButton pendingText="Rolling…">Roll key</SubmitButton>}
    >
      <p>
        A new secret is created with the same name, description, permission and expiry, and shown once. Choose how long the current secret keeps
        working, so you can deploy the new one first.
      </p>
      <input type="hidden" name="sid" value={sid} />
      <fieldset className="mt-4">
          <legend className="text-sm font-medium text-slate-900">Old secret stops working</legend>
          <div className="mt-2 grid grid-cols-2 gap-2">
            {GRACES.map((grace, i) => (
              <label key={grace.value} className="flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-slate-300 has-checked:bg-indigo-50 has-checked:ring-indigo-400">
                <input type="radio" name="grace" value={grace.value} defaultChecked={i === 2} className="accent-indigo-600" />
                {grace.label}
                {grace.hint && <span className="text-xs text-slate-500">({grace.hint})</span>}
              </label>
            ))}
          </div>
      </fieldset>
    </ConfirmDialog>
  );
}
