"use client";

import Link from "@/components/workspace/link";
import { useWorkspaceRouter } from "@/components/workspace/use-workspace";
import { useState, type FormEvent } from "react";
import { stashSecret } from "@/components/reveal-store";
import { notifySuccess } from "@/components/ui/action-toast";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, FormError, Input, inputClass } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import { NO_AUTH } from "@/lib/validation/webhooks";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS, type WebhookEvent } from "@/lib/webhooks/events";
import { saveWebhookAction } from "../actions";

type Existing = { id: string; name: string; url: string; events: WebhookEvent[]; credentialId: string | null; credentialName: string | null; credentialMissing: boolean; enabled: boolean };
type Values = { name: string; url: string; events: WebhookEvent[]; credentialId: string; enabled: boolean };
type CredentialOption = { id: string; name: string; typeLabel: string; hosts: string[] };

export const revealKey = (id: string) => `webhook:${id}`;

export function WebhookForm({ existing, credentials }: { existing?: Existing; credentials: CredentialOption[] }) {
  const router = useWorkspaceRouter();
  const [values, setValues] = useState<Values>({
    name: existing?.name ?? "",
    url: existing?.url ?? "",
    events: existing?.events ?? (["key.created", "key.rolled", "key.revoked", "key.deleted", "key.expiring", "key.leaked"] as WebhookEvent[]),
    // A deleted credential is not in the list: the user must choose again.
    credentialId: existing ? (existing.credentialMissing ? "" : existing.credentialId ?? NO_AUTH) : NO_AUTH,
    enabled: existing?.enabled ?? true,
  });
  // Every error at once, focus on the first after each failed submit, each cleared by its field.
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  const [pending, setPending] = useState(false);

  /** Changes one field and clears its error: the message was about the value that is gone. */
  function change<K extends keyof Values>(field: K, value: Values[K]) {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  }
  const toggleEvent = (event: WebhookEvent) => change("events", values.events.includes(event) ? values.events.filter((e) => e !== event) : [...values.events, event]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    reset();
    try {
      const result = await saveWebhookAction(existing?.id ?? null, values);
      if (!result.ok) {
        fail(result.fieldErrors ?? {}, formErrorOf(result));
        setPending(false);
        return;
      }
      if (result.secret) stashSecret(revealKey(result.id), result.secret);
      notifySuccess(existing ? "Webhook updated." : "Webhook created.");
      // Replace, not push: Back from the new webhook's page must not land on a blank form
      // that invites a duplicate.
      if (existing) router.push(`/settings/webhooks/${result.id}`);
      else router.replace(`/settings/webhooks/${result.id}`);
    } catch {
      fail({}, "Something went wrong. Please try again.");
      setPending(false);
    }
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-6" noValidate>
      <FormError message={formError} />
      <Field id="name" label="Name" error={errors.name} hint="For example “Deploy notifier” or “Slack relay”.">
        <Input id="name" name="name" hint error={errors.name} value={values.name} onChange={(e) => change("name", e.target.value)} autoFocus />
      </Field>
      <Field id="url" label="Endpoint URL" error={errors.url} hint="Latchkey POSTs a signed JSON body here. Only public addresses are reached; redirects are not followed.">
        <Input id="url" name="url" type="url" inputMode="url" placeholder="https://example.com/webhooks/latchkey" hint error={errors.url} value={values.url} onChange={(e) => change("url", e.target.value)} className="font-mono" />
      </Field>
      <fieldset className="space-y-2" aria-describedby={errors.events ? "events-error" : undefined}>
        <legend className="text-sm font-medium text-slate-900">Events to send</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {WEBHOOK_EVENTS.map((event) => (
            <label key={event} className="flex cursor-pointer gap-3 rounded-md p-3 ring-1 ring-slate-200 ring-inset hover:bg-slate-50 has-checked:bg-indigo-50 has-checked:ring-indigo-300">
              <input
                type="checkbox"
                className="mt-0.5 size-4 shrink-0 accent-indigo-600"
                checked={values.events.includes(event)}
                onChange={() => toggleEvent(event)}
                aria-invalid={errors.events ? true : undefined}
                aria-describedby={errors.events ? "events-error" : undefined}
              />
              <span>
                <span className="block text-sm font-medium text-slate-900">{WEBHOOK_EVENT_LABELS[event].label}</span>
                <span className="block text-xs text-slate-600"><code className="font-mono">{event}</code> · {WEBHOOK_EVENT_LABELS[event].hint}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.events && <p id="events-error" className="text-sm text-red-600" role="alert">{errors.events}</p>}
      </fieldset>
      <Field
        id="credentialId"
        label="Authentication"
        error={errors.credentialId}
        hint={<>Sent with every call, besides the signature, and only to the hosts the credential allows. Yours and those shared with you; manage them under <Link href="/settings/credentials" className="font-medium text-indigo-700 underline">Credentials</Link>.</>}
      >
        <select
          id="credentialId"
          name="credentialId"
          aria-invalid={errors.credentialId ? true : undefined}
          aria-describedby={errors.credentialId ? "credentialId-error" : "credentialId-hint"}
          className={`${inputClass} max-w-md`}
          value={values.credentialId}
          onChange={(e) => change("credentialId", e.target.value)}
        >
          {values.credentialId === "" && <option value="" disabled>Choose again: the credential was deleted</option>}
          {/* Kept as it is: one an Admin attached, or shared with this webhook's owner but not with the viewer. */}
          {existing?.credentialId && !existing.credentialMissing && !credentials.some((c) => c.id === existing.credentialId) && (
            <option value={existing.credentialId}>Keep the current one{existing.credentialName ? ` (${existing.credentialName})` : ""}</option>
          )}
          <option value={NO_AUTH}>No authentication (public API)</option>
          {credentials.map((c) => (
            <option key={c.id} value={c.id} title={c.hosts.length > 0 ? `Sent only to ${c.hosts.join(", ")}` : "No allowed host yet"}>{c.name} ({c.typeLabel})</option>
          ))}
        </select>
      </Field>
      <label className="flex items-center gap-3 text-sm text-slate-900">
        <input type="checkbox" className="size-4 accent-indigo-600" checked={values.enabled} onChange={(e) => change("enabled", e.target.checked)} />
        Active: send new events to this endpoint
      </label>
      <div className="flex flex-wrap gap-3 pt-2">
        <Button type="submit" disabled={pending}>{pending ? "Saving…" : existing ? "Save changes" : "Create webhook"}</Button>
        <ButtonLink href={existing ? `/settings/webhooks/${existing.id}` : "/settings/webhooks"} variant="secondary">Cancel</ButtonLink>
      </div>
    </form>
  );
}
