"use client";

import { useActionState, useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { useResultToast } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, FormError, Input, Textarea } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { useActionFeedback } from "@/components/ui/use-focus-error";
import type { ActionResult } from "@/lib/action-result";
import { KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/validation/keys";
import { updateKeyAction } from "../actions";

/** Name, description and rate limit: the secret and the permission never change without a roll. */
/** editable: the viewer's role may change this key (the action refuses otherwise anyway). */
type Props = { sid: string; name: string; description: string; rateLimitPerMinute: number | null; editable?: boolean; children: ReactNode };
type Values = { name: string; description: string; rateLimitPerMinute: string };

/**
 * The key's details card with its Edit button, and the edit form below the card (not squeezed
 * into its header). Escape or Cancel closes the form; either way focus returns to Edit.
 */
export function KeyDetails({ sid, name, description, rateLimitPerMinute, editable = true, children }: Props) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  // Edit is disabled while the form is open, so focus moves only after the render that enables
  // it (a frame callback could run first when the save's refresh delays that render).
  const returnFocus = useRef(false);
  const close = useCallback(() => {
    returnFocus.current = true;
    setEditing(false);
  }, []);
  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    editButton.current?.focus();
  }, [editing]);
  const initial: Values = { name, description, rateLimitPerMinute: rateLimitPerMinute?.toString() ?? "" };
  return (
    <>
      <Card labelledBy="details-title">
        <div className="flex items-center justify-between border-b border-slate-200 px-5 py-3">
          <h2 id="details-title" className="text-sm font-semibold text-slate-900">Details</h2>
          {editable && (
            <Button ref={editButton} variant="secondary" onClick={() => setEditing(true)} aria-expanded={editing} aria-controls="edit-key" disabled={editing}>
              Edit
            </Button>
          )}
        </div>
        {children}
      </Card>
      {editing && <EditKeyForm sid={sid} initial={initial} onClose={close} />}
    </>
  );
}

function EditKeyForm({ sid, initial, onClose }: { sid: string; initial: Values; onClose: () => void }) {
  const [values, setValues] = useState(initial);
  const [result, action] = useActionState<ActionResult | null, FormData>(updateKeyAction, null);
  const { form, errors, formError, clear } = useActionFeedback(result);
  useResultToast(result);
  useEffect(() => {
    if (result?.ok) onClose();
  }, [result, onClose]);
  const change = (field: keyof Values) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }));
    clear(field);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <form ref={form} id="edit-key" action={action} onKeyDown={onKeyDown} className="w-full space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" noValidate aria-label="Edit key">
      <h2 className="text-sm font-semibold text-slate-900">Edit key</h2>
      <FormError message={formError} />
      <input type="hidden" name="sid" value={sid} />
      <Field id="edit-name" label="Name" error={errors.name} hint={`Up to ${KEY_NAME_MAX} characters.`}>
        <Input id="edit-name" name="name" hint error={errors.name} value={values.name} onChange={change("name")} autoFocus />
      </Field>
      <Field id="edit-description" label="Description" error={errors.description} hint={`Up to ${KEY_DESCRIPTION_MAX} characters.`}>
        <Textarea id="edit-description" name="description" rows={2} hint error={errors.description} value={values.description} onChange={change("description")} />
      </Field>
      <Field id="edit-rate-limit" label="Rate limit (requests per minute)" error={errors.rateLimitPerMinute} hint="Empty for no per-key limit.">
        <Input
          id="edit-rate-limit"
          name="rateLimitPerMinute"
          inputMode="numeric"
          hint
          error={errors.rateLimitPerMinute}
          value={values.rateLimitPerMinute}
          onChange={change("rateLimitPerMinute")}
          className="max-w-48"
        />
      </Field>
      <div className="flex gap-3">
        <SubmitButton pendingText="Saving…">Save</SubmitButton>
        <Button variant="ghost" onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
