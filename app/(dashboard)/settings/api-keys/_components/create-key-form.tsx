"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ButtonLink, Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, FormError, Input, inputClass } from "@/components/ui/field";
import { KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/validation/keys";
import { createKeyAction, type CreateKeyResult } from "../actions";
import { stashSecret } from "./reveal-store";

type Errors = Extract<CreateKeyResult, { ok: false }>["fieldErrors"];

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

export function CreateKeyForm() {
  const router = useRouter();
  // Controlled fields: the typed input must survive a rejected submit.
  const [values, setValues] = useState({ name: "", description: "", expiry: "30", expiresOn: "", permission: "read", rateLimitPerMinute: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setFormError(undefined);
    try {
      const limit = values.rateLimitPerMinute.trim();
      const result = await createKeyAction({ ...values, rateLimitPerMinute: limit === "" ? null : Number(limit) });
      if (!result.ok) {
        setErrors(result.fieldErrors);
        setFormError(result.formError);
        setPending(false);
        return;
      }
      stashSecret(result.sid, result.secret);
      router.push(`/settings/api-keys/${result.sid}`);
    } catch {
      setFormError("Something went wrong. Please try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={formError} />
      <Field id="name" label="Name" error={errors.name} hint={`Required, up to ${KEY_NAME_MAX} characters. For example “Production” or “Inventory sync”.`}>
        <Input id="name" name="name" required hint error={errors.name} value={values.name} onChange={set("name")} autoFocus />
      </Field>
      <Field id="description" label="Description (optional)" error={errors.description} hint={`Up to ${KEY_DESCRIPTION_MAX} characters.`}>
        <textarea
          id="description"
          name="description"
          rows={3}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? "description-error" : "description-hint"}
          className={inputClass}
          value={values.description}
          onChange={set("description")}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-900">Expiration</legend>
        <div className="flex flex-wrap gap-2">
          {EXPIRY_OPTIONS.map((option) => (
            <label
              key={option.value}
              className={cn(
                "cursor-pointer rounded-md px-3 py-1.5 text-sm ring-1 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-indigo-600",
                values.expiry === option.value ? "bg-indigo-50 text-indigo-700 ring-indigo-300" : "text-slate-700 ring-slate-300 hover:bg-slate-50",
              )}
            >
              <input type="radio" name="expiry" value={option.value} checked={values.expiry === option.value} onChange={set("expiry")} className="sr-only" />
              {option.label}
            </label>
          ))}
        </div>
        {errors.expiry && <p className="text-sm text-red-600" role="alert">{errors.expiry}</p>}
        {values.expiry === "custom" && (
          <Field id="expiresOn" label="Expires on (end of day, UTC)" error={errors.expiresOn}>
            <Input id="expiresOn" name="expiresOn" type="date" min={today()} className="max-w-48" error={errors.expiresOn} value={values.expiresOn} onChange={set("expiresOn")} />
          </Field>
        )}
        {values.expiry === "never" && (
          <p className="text-sm text-amber-700">Keys without an expiry stay valid until you revoke them. Prefer an expiry for anything temporary.</p>
        )}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-900">Permissions</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {PERMISSION_OPTIONS.map((option) => (
            <label
              key={option.value}
              className={cn(
                "cursor-pointer rounded-md px-3 py-2 text-sm ring-1 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-indigo-600",
                values.permission === option.value ? "bg-indigo-50 text-indigo-700 ring-indigo-300" : "text-slate-700 ring-slate-300 hover:bg-slate-50",
              )}
            >
              <input type="radio" name="permission" value={option.value} checked={values.permission === option.value} onChange={set("permission")} className="sr-only" />
              <span className="block font-medium">{option.label}</span>
              <span className="block text-xs text-slate-500">{option.hint}</span>
            </label>
          ))}
        </div>
        {errors.permission && <p className="text-sm text-red-600" role="alert">{errors.permission}</p>}
      </fieldset>
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
