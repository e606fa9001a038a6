"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button, ButtonLink } from "@/components/ui/button";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Field, FormError, Input } from "@/components/ui/field";
import { SecretInput } from "@/components/ui/secret-input";
import { formErrorOf, type FieldErrors } from "@/lib/action-result";
import { CREDENTIAL_TYPE_LABELS, CREDENTIAL_TYPES, type CredentialType } from "@/lib/validation/credentials";
import { saveCredentialAction } from "../actions";

type Existing = { id: string; name: string; type: CredentialType; fieldName: string | null; hint: string };

const TYPE_OPTIONS = CREDENTIAL_TYPES.map((type) => ({ value: type, label: CREDENTIAL_TYPE_LABELS[type] }));

const DEFAULT_FIELD_NAMES: Partial<Record<CredentialType, string>> = { header: "X-API-Key", query: "api_key" };
/** Switching between header and query swaps an untouched default name for the other one. */
const defaultFieldName = (current: string, type: CredentialType) =>
  Object.values(DEFAULT_FIELD_NAMES).includes(current) ? DEFAULT_FIELD_NAMES[type] ?? current : current;

/** Add or edit. On edit, secret fields start empty: leaving one empty keeps the stored value. */
export function CredentialForm({ existing }: { existing?: Existing }) {
  const router = useRouter();
  const [values, setValues] = useState({
    name: existing?.name ?? "",
    type: (existing?.type ?? "bearer") as CredentialType,
    token: "",
    username: "",
    password: "",
    fieldName: existing?.fieldName ?? (existing?.type === "query" ? "api_key" : "X-API-Key"),
    value: "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const keepHint = existing && existing.type === values.type ? `Leave empty to keep the stored one (ends in ${existing.hint}).` : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setFormError(undefined);
    const { type, name, fieldName } = values;
    // Only the fields of the chosen type travel to the server.
    const payload =
      type === "bearer" ? { name, type, token: values.token }
      : type === "basic" ? { name, type, username: values.username, password: values.password }
      : { name, type, fieldName, value: values.value };
    try {
      const result = await saveCredentialAction(existing?.id ?? null, payload);
      if (!result.ok) {
        setErrors(result.fieldErrors ?? {});
        setFormError(formErrorOf(result));
        setPending(false);
        return;
      }
      toast.success(existing ? "Credential updated." : "Credential saved.");
      router.push("/settings/credentials");
    } catch {
      setFormError("Something went wrong. Please try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={formError} />
      <Field id="name" label="Name" error={errors.name} hint="For example “WhatsApp Business” or “Orders API”.">
        <Input id="name" name="name" hint error={errors.name} value={values.name} onChange={set("name")} autoFocus />
      </Field>
      <ChoiceGroup legend="Type" name="type" options={TYPE_OPTIONS} value={values.type} onChange={(type) => setValues((v) => ({ ...v, type: type as CredentialType, fieldName: defaultFieldName(v.fieldName, type as CredentialType) }))} error={errors.type} />
      {values.type === "bearer" && (
        <Field id="token" label="Token" error={errors.token} hint={keepHint ?? "Sent as Authorization: Bearer <token>."}>
          <SecretInput id="token" name="token" label="token" hint error={errors.token} value={values.token} onChange={set("token")} />
        </Field>
      )}
      {values.type === "basic" && (
        <>
          <Field id="username" label="Username" error={errors.username} hint={keepHint}>
            <SecretInput id="username" name="username" label="username" hint={!!keepHint} error={errors.username} value={values.username} onChange={set("username")} />
          </Field>
          <Field id="password" label="Password" error={errors.password} hint={keepHint}>
            <SecretInput id="password" name="password" label="password" hint={!!keepHint} error={errors.password} value={values.password} onChange={set("password")} />
          </Field>
        </>
      )}
      {(values.type === "header" || values.type === "query") && (
        <>
          <Field id="fieldName" label={values.type === "header" ? "Header name" : "Query parameter name"} error={errors.fieldName}>
            <Input id="fieldName" name="fieldName" error={errors.fieldName} value={values.fieldName} onChange={set("fieldName")} className="max-w-xs font-mono" />
          </Field>
          <Field id="value" label="Value" error={errors.value} hint={keepHint}>
            <SecretInput id="value" name="value" label="value" hint={!!keepHint} error={errors.value} value={values.value} onChange={set("value")} />
          </Field>
        </>
      )}
      <div className="flex gap-3 pt-2">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : existing ? "Save changes" : "Save credential"}</Button>
        <ButtonLink href="/settings/credentials" variant="secondary">Cancel</ButtonLink>
      </div>
    </form>
  );
}
