"use client";

import { useWorkspaceRouter } from "@/components/workspace/use-workspace";
import { useState, type FormEvent } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { ButtonLink, Button } from "@/components/ui/button";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Field, FormError, Input, inputClass, Textarea } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import { KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/validation/keys";
import { createKeyAction } from "../actions";
import { stashSecret } from "@/components/reveal-store";

const EXPIRY_OPTIONS = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "custom", label: "Custom date" },
  { value: "never", label: "No expiration" },
];

const PERMISSION_OPTIONS = [
  { value: "read", label: "Read", hint: "GET requests only" },
  { value: "write", label: "Write", hint: "changes only, no reads" },
  { value: "read_write", label: "Read/Write", hint: "everything" },
];

const today = () => new Date().toISOString().slice(0, 10);

/** Whom a new key may act as: only Admins and Owners get the choice (members: their role is not above the viewer's). */
export type ActsAsChoices = { members: Array<{ userId: string; name: string; email: string; role: string }> } | null;

const ACTS_AS_OPTIONS = [
  { value: "me", label: "Me (member key)", hint: "capped by your role; stops if you leave" },
  { value: "workspace", label: "The workspace (service key)", hint: "keeps working whoever leaves" },
  { value: "member", label: "Another member", hint: "a member key for them" },
];

export function CreateKeyForm({ actsAsChoices = null }: { actsAsChoices?: ActsAsChoices }) {
  const withReauth = useReauth();
  const router = useWorkspaceRouter();
  // Controlled fields: the typed input must survive a rejected submit.
  const [values, setValues] = useState({ name: "", description: "", expiry: "30", expiresOn: "", permission: "read", rateLimitPerMinute: "", actsAs: "me", member: "" });
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  const [pending, setPending] = useState(false);
  // Changing a field clears its error: it no longer describes what is there.
  const update = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => update(field, e.target.value);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    reset();
    try {
      const limit = values.rateLimitPerMinute.trim();
      const { actsAs, member, ...fields } = values;
      const result = await withReauth(() =>
        createKeyAction({ ...fields, rateLimitPerMinute: limit === "" ? null : Number(limit), actsAs: actsAs === "member" ? member : actsAs }),
      );
      if (!result) return setPending(false); // cancelled "Confirm it's you": the form stays as it was
      if (!result.ok) {
        fail(result.fieldErrors ?? {}, formErrorOf(result));
        setPending(false);
        return;
      }
      stashSecret(result.sid, result.secret);
      // Replace, not push: Back from the key's page must not land on a blank form that
      // invites a duplicate key.
      router.replace(`/settings/api-keys/${result.sid}`);
    } catch {
      fail({}, "Something went wrong. Please try again.");
      setPending(false);
    }
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={formError} />
      <Field id="name" label="Name" error={errors.name} hint={`Required, up to ${KEY_NAME_MAX} characters. For example “Production” or “Inventory sync”.`}>
        <Input id="name" name="name" required hint error={errors.name} value={values.name} onChange={set("name")} autoFocus />
      </Field>
      <Field id="description" label="Description (optional)" error={errors.description} hint={`Up to ${KEY_DESCRIPTION_MAX} characters.`}>
        <Textarea id="description" name="description" rows={3} hint error={errors.description} value={values.description} onChange={set("description")} />
      </Field>
      <ChoiceGroup legend="Expiration" name="expiry" options={EXPIRY_OPTIONS} value={values.expiry} onChange={(expiry) => update("expiry", expiry)} error={errors.expiry}>
        {values.expiry === "custom" && (
          <Field id="expiresOn" label="Expires on (end of day, UTC)" error={errors.expiresOn}>
            <Input id="expiresOn" name="expiresOn" type="date" min={today()} className="max-w-48" error={errors.expiresOn} value={values.expiresOn} onChange={set("expiresOn")} />
          </Field>
        )}
        {values.expiry === "never" && (
          <p className="text-sm text-amber-800">Keys without an expiry stay valid until you revoke them. Prefer an expiry for anything temporary.</p>
        )}
      </ChoiceGroup>
      {actsAsChoices && (
        <ChoiceGroup
          legend="Acts as"
          name="actsAs"
          options={actsAsChoices.members.length > 0 ? ACTS_AS_OPTIONS : ACTS_AS_OPTIONS.slice(0, 2)}
          value={values.actsAs}
          onChange={(actsAs) => update("actsAs", actsAs)}
          error={errors.actsAs}
          className="grid gap-2 sm:grid-cols-3"
        >
          {values.actsAs === "member" && (
            <Field id="member" label="Member" error={errors.actsAs}>
              <select id="member" name="member" value={values.member} onChange={set("member")} className={`${inputClass} mt-1 w-full max-w-md`} aria-invalid={errors.actsAs ? true : undefined}>
                <option value="">Choose a member…</option>
                {actsAsChoices.members.map((m) => (
                  <option key={m.userId} value={m.userId}>{m.name} ({m.email}) · {m.role}</option>
                ))}
              </select>
            </Field>
          )}
        </ChoiceGroup>
      )}
      <ChoiceGroup
        legend="Permissions"
        name="permission"
        options={PERMISSION_OPTIONS}
        value={values.permission}
        onChange={(permission) => update("permission", permission)}
        error={errors.permission}
        className="grid gap-2 sm:grid-cols-3"
      />
      <Field id="rateLimitPerMinute" label="Rate limit (optional)" error={errors.rateLimitPerMinute} hint="Requests per minute this key may make. Empty for no per-key limit.">
        <Input
          id="rateLimitPerMinute"
          name="rateLimitPerMinute"
          inputMode="numeric"
          placeholder="e.g. 600"
          hint
          error={errors.rateLimitPerMinute}
          value={values.rateLimitPerMinute}
          onChange={set("rateLimitPerMinute")}
          className="max-w-48"
        />
      </Field>
      <div className="flex gap-3 pt-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating key…" : "Create key"}
        </Button>
        <ButtonLink href="/settings/api-keys" variant="secondary">
          Cancel
        </ButtonLink>
      </div>
    </form>
  );
}
