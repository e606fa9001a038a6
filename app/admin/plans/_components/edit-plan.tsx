"use client";

import { useRef, useState } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { toastResult } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import type { Limits, Resource } from "@/lib/plans/limits";
import { updatePlanLimitsAction } from "../actions";
import { RESOURCE_LABELS } from "./labels";

const ENV_NAMES: Partial<Record<Resource, string>> = { keys: "MAX_ACTIVE_KEYS", credentials: "MAX_CREDENTIALS", webhooks: "MAX_WEBHOOKS" };
const ORDER: Resource[] = ["keys", "credentials", "webhooks", "members"];

type Props = { plan: { id: string; name: string; limits: Limits; envManaged: Resource[]; workspaces: number } };

/** One limit: a number, or "Unlimited" (which disables the number, so it is not sent). */
function LimitField({ planId, resource, value, error }: { planId: string; resource: Resource; value: number | null; error?: string }) {
  const [unlimited, setUnlimited] = useState(value === null);
  const id = `${planId}-${resource}`;
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-medium text-slate-900">{RESOURCE_LABELS[resource]}</legend>
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={id} className="sr-only">{RESOURCE_LABELS[resource]} limit</label>
        <Input id={id} name={resource} type="number" inputMode="numeric" min={0} step={1} required={!unlimited} disabled={unlimited} defaultValue={value ?? ""} error={error} className="w-32" />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name={`${resource}Unlimited`} checked={unlimited} onChange={(e) => setUnlimited(e.target.checked)} className="size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600" />
          Unlimited
        </label>
      </div>
      {error && <p id={`${id}-error`} role="alert" className="text-sm text-red-600">{error}</p>}
    </fieldset>
  );
}

/** "Edit" on a plan: its four limits in a dialog; asks "Confirm it's you" first when needed. */
export function EditPlan({ plan }: Props) {
  const withReauth = useReauth();
  const dialog = useRef<DialogHandle>(null);
  const [result, setResult] = useState<ActionResult | null>(null);
  // A new key per opening, so the fields start from the saved limits each time.
  const [opened, setOpened] = useState(0);
  const fieldErrors = result && !result.ok ? result.fieldErrors : undefined;

  async function save(form: FormData) {
    const answer = await withReauth(() => updatePlanLimitsAction(null, form));
    if (!answer) return; // "Confirm it's you" cancelled: nothing changed
    setResult(answer);
    toastResult(answer);
    if (answer.ok) dialog.current?.close();
  }

  return (
    <>
      <Button variant="secondary" onClick={() => (setResult(null), setOpened((n) => n + 1), dialog.current?.open())}>
        Edit<span className="sr-only"> {plan.name}</span>
      </Button>
      <ConfirmDialog handle={dialog} title={`Edit ${plan.name}`} action={save} confirm={<SubmitButton pendingText="Saving…">Save limits</SubmitButton>}>
        <input type="hidden" name="planId" value={plan.id} />
        <div key={opened} className="space-y-4">
          {ORDER.map((r) =>
            plan.envManaged.includes(r) ? (
              <div key={r}>
                <p className="text-sm font-medium text-slate-900">{RESOURCE_LABELS[r]}</p>
                <p className="text-sm text-slate-600">
                  {plan.limits[r] ?? "Unlimited"}, set by <code className="font-mono text-xs">{ENV_NAMES[r]}</code> in the server&apos;s environment (change it there and restart).
                </p>
              </div>
            ) : (
              <LimitField key={r} planId={plan.id} resource={r} value={plan.limits[r]} error={fieldErrors?.[r]} />
            ),
          )}
          <p className="text-xs text-slate-500">
            {plan.workspaces === 1 ? "1 workspace is" : `${plan.workspaces} workspaces are`} on this plan. Lowering a limit below what a workspace holds removes nothing: it only cannot add more.
          </p>
        </div>
      </ConfirmDialog>
    </>
  );
}
