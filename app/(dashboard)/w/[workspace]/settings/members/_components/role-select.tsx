"use client";

import { useEffect, useId, useOptimistic, useRef, useState, useTransition } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { notifySuccess, toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { inputClass } from "@/components/ui/field";
import { focusPageHeading } from "@/components/ui/focus";
import { SubmitButton } from "@/components/ui/submit-button";
import { cn } from "@/components/ui/cn";
import { atLeast, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/workspaces/roles";
import { changeRoleAction } from "../actions";

const article = (role: Role) => (role === "owner" || role === "admin" ? "an" : "a");

type Props = { userId: string; name: string; role: Role; options: Role[]; isYou: boolean };

/**
 * A member's role as a dropdown, for a viewer who may change it. A choice is saved at once
 * (shown while pending, then a toast); lowering one's own role asks first, since only another
 * Owner can give it back. The options are only what the viewer may grant; the server checks
 * again under the workspace's lock.
 */
export function RoleSelect({ userId, name, role, options, isYou }: Props) {
  const id = useId();
  const [shown, setShown] = useOptimistic(role);
  const [pending, startTransition] = useTransition();
  const withReauth = useReauth();
  // A new object per question, so asking twice for the same role opens the dialog twice.
  const [asking, setAsking] = useState<{ role: Role } | null>(null);
  const dialog = useRef<DialogHandle>(null);
  // Opened once the choice is made and the select has settled, as a row menu's dialogs are.
  useEffect(() => {
    if (asking) dialog.current?.open();
  }, [asking]);

  async function save(next: Role) {
    setShown(next);
    // A cancelled "Confirm it's you" (null) changes nothing: the select shows the role again.
    const result = await withReauth(() => changeRoleAction({ userId, role: next }));
    if (!result) return;
    if (!result.ok) return toastResult(result);
    if (!result.changed) return;
    notifySuccess(isYou ? `You are now ${ROLE_LABELS[next]} in this workspace.` : `${name} is now ${ROLE_LABELS[next]}.`);
    // Lowering your own role can take the dropdown itself away: continue from the heading.
    if (isYou) focusPageHeading();
  }

  const onChange = (next: Role) => {
    if (next === role) return;
    if (isYou && !atLeast(next, role)) return setAsking({ role: next });
    startTransition(() => save(next));
  };

  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="sr-only">Role of {name}</label>
      <select
        id={id}
        value={shown}
        disabled={pending}
        onChange={(event) => onChange(event.target.value as Role)}
        className={cn(inputClass, "max-w-44 py-1.5 pr-8 disabled:opacity-60")}
      >
        {options.map((option) => (
          <option key={option} value={option}>{ROLE_LABELS[option]}</option>
        ))}
      </select>
      {pending && <span className="size-4 animate-spin rounded-full border-2 border-slate-400 border-r-transparent" role="img" aria-label="Saving" />}
      <ConfirmDialog
        handle={dialog}
        title={asking ? `Make yourself ${ROLE_LABELS[asking.role]}?` : "Change your role?"}
        action={async () => {
          if (asking) await save(asking.role);
          dialog.current?.close();
        }}
        confirm={<SubmitButton variant="danger" pendingText="Saving…">{asking ? `Make me ${ROLE_LABELS[asking.role]}` : "Change"}</SubmitButton>}
      >
        {asking && (
          <div className="space-y-2">
            <p>
              You are {article(role)} {ROLE_LABELS[role]} now. {article(asking.role) === "an" ? "An" : "A"} {ROLE_LABELS[asking.role]}: {ROLE_DESCRIPTIONS[asking.role]}
            </p>
            <p>You cannot undo this yourself: only an Owner can give the role back. Your keys are limited to the new role from their next request.</p>
          </div>
        )}
      </ConfirmDialog>
    </div>
  );
}
