"use client";

import { useWorkspaceRouter } from "@/components/workspace/use-workspace";
import { useState, type Ref } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { notifyError } from "@/components/ui/action-toast";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import { rollKeyAction } from "../actions";
import { stashSecret } from "@/components/reveal-store";

const GRACES = [
  { value: "now", label: "Now", hint: "the old secret stops at once" },
  { value: "1h", label: "1 hour", hint: "" },
  { value: "24h", label: "24 hours", hint: "" },
  { value: "7d", label: "7 days", hint: "" },
];

type Props = {
  sid: string;
  name: string;
  rollable: boolean;
  /** Opened from elsewhere (a row's menu) instead of its own button. */
  handle?: Ref<DialogHandle>;
};

/**
 * Stripe's roll: a new secret now, the old one working for a chosen grace period. It opens on the grace-period choice, the decision it asks for, not on Cancel.
 */
export function RollKeyDialog({ sid, name, rollable, handle }: Props) {
  const router = useWorkspaceRouter();
  // Handled where the answer arrives: the page re-renders this key as rolled meanwhile.
  const withReauth = useReauth();
  // Controlled: React resets a form's uncontrolled fields after its action, and a cancelled
  // "Confirm it's you" must leave the choice as it was.
  const [grace, setGrace] = useState(GRACES[2]!.value);
  const action = async (form: FormData) => {
    const result = await withReauth(() => rollKeyAction(null, form));
    if (!result) return; // cancelled: the dialog stays as it was
    if (!result.ok) return notifyError(result.error);
    stashSecret(result.sid, result.secret);
    router.push(`/settings/api-keys/${result.sid}`);
  };

  if (!rollable) return null;
  return (
    <ConfirmDialog
      trigger={handle ? undefined : "Roll key"}
      handle={handle}
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
        <div className="mt-2 grid grid-cols-1 gap-2 min-[400px]:grid-cols-2">
          {GRACES.map((choice, i) => (
            <label
              key={choice.value}
              className="flex cursor-pointer flex-wrap items-center gap-x-2 rounded-md px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 has-checked:bg-indigo-50 has-checked:ring-indigo-400 has-focus-visible:outline-2 has-focus-visible:outline-indigo-600"
            >
              <input
                type="radio"
                name="grace"
                value={choice.value}
                checked={grace === choice.value}
                onChange={() => setGrace(choice.value)}
                data-autofocus={i === 2 ? "" : undefined}
                className="accent-indigo-600"
              />
              {choice.label}
              {choice.hint && <span className="text-xs text-slate-600">({choice.hint})</span>}
            </label>
          ))}
        </div>
      </fieldset>
    </ConfirmDialog>
  );
}
