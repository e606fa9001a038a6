"use client";

import { useActionState } from "react";
import { useReauthAction } from "@/components/reauth/use-reauth";
import { useResultToast } from "@/components/ui/action-toast";
import { inputClass, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import type { Limits, Resource } from "@/lib/plans/limits";
import { RESOURCE_LABELS } from "../../plans/_components/labels";
import { setWorkspaceOverridesAction, setWorkspacePlanAction } from "../actions";

const ORDER: Resource[] = ["keys", "credentials", "webhooks", "members"];
const fieldError = (result: ActionResult | null, name: string) => (result && !result.ok ? result.fieldErrors?.[name] : undefined);

/** "Change plan": a select of every plan and Save; asks "Confirm it's you" first when needed. */
export function ChangePlan({ workspaceId, planId, plans }: { workspaceId: string; planId: string; plans: { id: string; name: string }[] }) {
  const [result, action] = useActionState<ActionResult | null, FormData>(useReauthAction(setWorkspacePlanAction), null);
  useResultToast(result);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <div>
        <label htmlFor="plan-select" className="block text-sm font-medium text-slate-900">Plan</label>
        <select id="plan-select" name="planId" defaultValue={planId} key={planId} className={`${inputClass} mt-1 w-48`}>
          {plans.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      <SubmitButton pendingText="Changing…">Change plan</SubmitButton>
    </form>
  );
}

/** Per-workspace limits: a number beats the plan's limit (either way); blank gives the plan's back. */
export function Overrides({ workspaceId, overrides, planLimits }: { workspaceId: string; overrides: Limits; planLimits: Limits }) {
  const [result, action] = useActionState<ActionResult | null, FormData>(useReauthAction(setWorkspaceOverridesAction), null);
  useResultToast(result);
  const key = ORDER.map((r) => overrides[r] ?? "").join("-");
  return (
    <form action={action} className="space-y-4" key={key}>
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {ORDER.map((r) => {
          const id = `override-${r}`;
          const error = fieldError(result, r);
          return (
            <div key={r} className="space-y-1.5">
              <label htmlFor={id} className="block text-sm font-medium text-slate-900">{RESOURCE_LABELS[r]}</label>
              <Input id={id} name={r} type="number" inputMode="numeric" min={0} step={1} defaultValue={overrides[r] ?? ""} placeholder="Plan's limit" error={error} hint />
              {error ? (
                <p id={`${id}-error`} role="alert" className="text-sm text-red-600">{error}</p>
              ) : (
                <p id={`${id}-hint`} className="text-xs text-slate-500">Blank: the plan&apos;s {planLimits[r] ?? "unlimited"}</p>
              )}
            </div>
          );
        })}
      </div>
      <SubmitButton variant="secondary" pendingText="Saving…">Save limits</SubmitButton>
    </form>
  );
}
