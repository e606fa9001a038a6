"use client";

import { useWorkspaceRouter } from "@/components/workspace/use-workspace";
import { useState, type FormEvent } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { notifySuccess } from "@/components/ui/action-toast";
import { Button, ButtonLink } from "@/components/ui/button";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { Field, FormError, Input, Textarea } from "@/components/ui/field";
import { SecretInput } from "@/components/ui/secret-input";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import type { Service } from "@/lib/credentials/catalogue";
import { CREDENTIAL_TYPE_LABELS, CREDENTIAL_TYPES, type CredentialType } from "@/lib/validation/credentials";
import { saveCredentialAction } from "../actions";
import { focusRowAfterSave } from "./focus-after-save";
import { HeaderNamePresets } from "./header-name-presets";

type Existing = { id: string; name: string; type: CredentialType; fieldName: string | null; hint: string | null; hosts: string[] };
type Values = { name: string; type: CredentialType; token: string; username: string; password: string; fieldName: string; value: string; hosts: string };

const SECRET_FIELDS = ["token", "username", "password", "value"] as const;

const TYPE_OPTIONS = CREDENTIAL_TYPES.map((type) => ({ value: type, label: CREDENTIAL_TYPE_LABELS[type] }));

const DEFAULT_FIELD_NAMES: Partial<Record<CredentialType, string>> = { header: "X-API-Key", query: "api_key" };
/** Switching between header and query swaps an untouched default name for the other one. */
const defaultFieldName = (current: string, type: CredentialType) =>
  Object.values(DEFAULT_FIELD_NAMES).includes(current) ? DEFAULT_FIELD_NAMES[type] ?? current : current;

/** How a catalogue service's secret travels, said under its field (the type is the service's, not a choice). */
function sentAs(service: Service) {
  switch (service.auth.type) {
    case "bearer":
      return "Sent as Authorization: Bearer <key>.";
    case "basic":
      return "Sent as Authorization: Basic, with both parts encoded.";
    case "header":
      return `Sent in the ${service.auth.fieldName} header.`;
    case "query":
      return `Sent as the ${service.auth.fieldName} query parameter.`;
  }
}

/**
 * Add or edit. On edit, secret fields start empty: leaving one empty keeps the stored value.
 * With a catalogue `service` (Connect a service), the type and header name are the service's
 * and the labels are its words ("Account SID"), so only a name and the secret are asked for.
 */
export function CredentialForm({ existing, service }: { existing?: Existing; service?: Service }) {
  const auth = service?.auth;
  const withReauth = useReauth();
  const router = useWorkspaceRouter();
  const [values, setValues] = useState<Values>({
    name: existing?.name ?? service?.name ?? "",
    type: existing?.type ?? auth?.type ?? "bearer",
    token: "",
    username: "",
    password: "",
    fieldName: existing?.fieldName ?? (auth?.type === "header" || auth?.type === "query" ? auth.fieldName : existing?.type === "query" ? "api_key" : "X-API-Key"),
    value: "",
    // A catalogue service starts with its API hosts (lib/credentials/catalogue.ts), editable.
    hosts: existing?.hosts.join("\n") ?? service?.hosts.join("\n") ?? "",
  });
  const [pending, setPending] = useState(false);
  // Every error at once, focus on the first after each failed save, and an error gone as soon
  // as its field changes: what is left on screen is what is still wrong.
  const { form, errors, formError, fail, clear } = useFormFeedback();
  const set = (field: keyof Values) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: e.target.value }));
    clear(field);
  };
  // Another type asks for other secrets: the previous type's errors no longer apply.
  const setType = (value: string) => {
    const type = value as CredentialType;
    setValues((v) => ({ ...v, type, fieldName: defaultFieldName(v.fieldName, type) }));
    for (const field of ["type", "fieldName", ...SECRET_FIELDS]) clear(field);
  };
  const keepHint =
    existing && existing.type === values.type ? `Leave empty to keep the stored one${existing.hint ? ` (ends in ${existing.hint})` : ""}.` : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    const { type, name, fieldName, hosts } = values;
    // Only the fields of the chosen type travel to the server.
    const payload =
      type === "bearer" ? { name, type, hosts, token: values.token }
      : type === "basic" ? { name, type, hosts, username: values.username, password: values.password }
      : { name, type, hosts, fieldName, value: values.value };
    try {
      const result = await withReauth(() => saveCredentialAction(existing?.id ?? null, service ? { ...payload, service: service.id } : payload));
      if (!result) return setPending(false); // cancelled "Confirm it's you": the form stays as it was
      if (!result.ok) {
        fail(result.fieldErrors ?? {}, formErrorOf(result));
        setPending(false);
        return;
      }
      notifySuccess(existing ? "Credential updated." : "Credential saved.");
      focusRowAfterSave(result.id);
      router.push("/settings/credentials");
    } catch {
      fail({}, "Something went wrong. Please try again.");
      setPending(false);
    }
  }

  return (
    // method="post": the script sends it, and a GET form would read as a navigation to the progress bar.
    <form ref={form} method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      <FormError message={formError} />
      <Field id="name" label="Name" error={errors.name} hint="For example “WhatsApp Business” or “Orders API”.">
        <Input id="name" name="name" hint error={errors.name} value={values.name} onChange={set("name")} autoFocus={!existing} />
      </Field>
      {service ? <FormError message={errors.service} /> : <ChoiceGroup legend="Type" name="type" options={TYPE_OPTIONS} value={values.type} onChange={setType} error={errors.type} />}
      {values.type === "bearer" && (
        <Field id="token" label={auth?.type === "bearer" ? auth.tokenLabel : "Token"} error={errors.token} hint={keepHint ?? (service ? sentAs(service) : "Sent as Authorization: Bearer <token>.")}>
          <SecretInput id="token" name="token" label="token" hint error={errors.token} value={values.token} onChange={set("token")} />
        </Field>
      )}
      {values.type === "basic" && (
        <>
          <Field id="username" label={auth?.type === "basic" ? auth.usernameLabel : "Username"} error={errors.username} hint={keepHint ?? (service ? sentAs(service) : undefined)}>
            <SecretInput id="username" name="username" label={auth?.type === "basic" ? auth.usernameLabel : "username"} hint={!!keepHint || !!service} error={errors.username} value={values.username} onChange={set("username")} />
          </Field>
          <Field id="password" label={auth?.type === "basic" ? auth.passwordLabel : "Password"} error={errors.password} hint={keepHint}>
            <SecretInput id="password" name="password" label={auth?.type === "basic" ? auth.passwordLabel : "password"} hint={!!keepHint} error={errors.password} value={values.password} onChange={set("password")} />
          </Field>
        </>
      )}
      {(values.type === "header" || values.type === "query") && (
        <>
          {service ? null : (
            <div className="space-y-2">
              <Field id="fieldName" label={values.type === "header" ? "Header name" : "Query parameter name"} error={errors.fieldName}>
                <Input id="fieldName" name="fieldName" error={errors.fieldName} value={values.fieldName} onChange={set("fieldName")} className="max-w-xs font-mono" />
              </Field>
              {values.type === "header" && <HeaderNamePresets value={values.fieldName} onPick={(name) => set("fieldName")({ target: { value: name } })} />}
            </div>
          )}
          <Field id="value" label={auth?.type === "header" || auth?.type === "query" ? auth.valueLabel : "Value"} error={errors.value} hint={keepHint ?? (service ? sentAs(service) : undefined)}>
            <SecretInput id="value" name="value" label={auth?.type === "header" || auth?.type === "query" ? auth.valueLabel : "value"} hint={!!keepHint || !!service} error={errors.value} value={values.value} onChange={set("value")} />
          </Field>
        </>
      )}
      <Field
        id="hosts"
        label="Allowed hosts"
        error={errors.hosts}
        hint="Where it may be sent: one host per line, such as api.example.com, or *.example.com for its subdomains. A webhook on any other host cannot use it, so nobody can have it sent to a server of their own."
      >
        <Textarea id="hosts" name="hosts" hint error={errors.hosts} value={values.hosts} onChange={set("hosts")} rows={3} spellCheck={false} autoCapitalize="none" className="max-w-md font-mono" placeholder="api.example.com" />
      </Field>
      <div className="flex flex-wrap gap-3 pt-2">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : existing ? "Save changes" : "Save credential"}</Button>
        <ButtonLink href="/settings/credentials" variant="secondary">Cancel</ButtonLink>
      </div>
    </form>
  );
}
