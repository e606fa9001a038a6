"use client";

import { useActionState, useEffect, useState } from "react";
import { notifySuccess } from "@/components/ui/action-toast";
import { Field, FormError, Input } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useActionFeedback } from "@/components/ui/use-focus-error";
import type { ActionResult } from "@/lib/action-result";
import { WORKSPACE_NAME_MAX } from "@/lib/validation/members";
import { renameWorkspaceAction } from "../actions";

export function RenameWorkspaceForm({ name }: { name: string }) {
  const [result, action] = useActionState<ActionResult | null, FormData>(renameWorkspaceAction, null);
  const [value, setValue] = useState(name);
  const { form, errors, formError, clear } = useActionFeedback(result);
  useEffect(() => {
    if (result?.ok && result.message) notifySuccess(result.message);
  }, [result]);
  return (
    <form ref={form} action={action} className="space-y-4" noValidate aria-label="Rename workspace">
      <FormError message={formError} />
      <Field id="workspace-name" label="Name" error={errors.name} hint={`Up to ${WORKSPACE_NAME_MAX} characters. The address stays the same.`}>
        <Input
          id="workspace-name"
          name="name"
          required
          hint
          maxLength={WORKSPACE_NAME_MAX}
          value={value}
          error={errors.name}
          onChange={(event) => {
            setValue(event.target.value);
            clear("name");
          }}
        />
      </Field>
      <SubmitButton pendingText="Saving…">Save name</SubmitButton>
    </form>
  );
}
