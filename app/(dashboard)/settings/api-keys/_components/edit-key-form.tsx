"use client";

import { useActionState, useEffect, useState } from "react";
import { useResultToast } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/validation/keys";
import { updateKeyAction } from "../actions";

/** Name, description and rate limit: the secret and the permission never change without a roll. */
type Props = { sid: string; name: string; description: string; rateLimitPerMinute: number | null };

export function EditKeyForm({ sid, name, description, rateLimitPerMinute }: Props) {
  const [editing, setEditing] = useState(false);
  const initial = { name, description, rateLimitPerMinute: rateLimitPerMinute?.toString() ?? "" };
  const [values, setValues] = useState(initial);
  const [result, action] = useActionState<ActionResult | null, FormData>(updateKeyAction, null);
  useResultToast(result);
  useEffect(() => {
    if (result?.ok) setEditing(false); // eslint-disable-line react-hooks/set-state-in-effect -- closing the form is the reaction to the server's answer
  }, [result]);

  if (!editing) {
    return (
      <Button variant="secondary" onClick={() => { setValues(initial); setEditing(true); }}>
        Edit
      </Button>
    );
  }
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="w-full space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" noValidate aria-label="Edit key">
      <input type="hidden" name="sid" value={sid} />
      <Field id="edit-name" label="Name" error={errors.name} hint={`Up to ${KEY_NAME_MAX} characters.`}>
        <Input id="edit-name" name="name" hint error={errors.name} value={values.name} onChange={(e) => setValues({ ...values, name: e.target.value })} autoFocus />
      </Field>
      <Field id="edit-description" label="Description" error={errors.description} hint={`Up to ${KEY_DESCRIPTION_MAX} characters.`}>
        <Textarea
          id="edit-description"
          name="description"
          rows={2}
          hint
          error={errors.description}
          value={values.description}
          onChange={(e) => setValues({ ...values, description: e.target.value })}
        />
      </Field>
      <Field id="edit-rate-limit" label="Rate limit (requests per minute)" error={errors.rateLimitPerMinute} hint="Empty for no per-key limit.">
        <Input
          id="edit-rate-limit"
          name="rateLimitPerMinute"
          inputMode="numeric"
          hint
          error={errors.rateLimitPerMinute}
          value={values.rateLimitPerMinute}
          onChange={(e) => setValues({ ...values, rateLimitPerMinute: e.target.value })}
          className="max-w-48"
        />
      </Field>
      <div className="flex gap-3">
        <SubmitButton pendingText="Saving…">Save</SubmitButton>
        <Button variant="ghost" onClick={() => setEditing(false)}>Cancel</Button>
      </div>
    </form>
  );
}
