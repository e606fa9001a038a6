import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { Card, PageHeader } from "@/components/ui/card";
import { CopyableId } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { getCredential } from "@/lib/dal/credentials";
import { webhookUsesByCredential } from "@/lib/dal/credential-sharing";
import { requireViewer } from "@/lib/session";
import { CREDENTIAL_TYPE_LABELS, credentialIdSchema } from "@/lib/validation/credentials";
import { serviceById } from "@/lib/credentials/catalogue";
import { CredentialForm } from "../_components/credential-form";
import { whoCanUse } from "../_components/credential-row";
import { ServiceMonogram } from "../_components/service-monogram";
import { TestConnection } from "../_components/test-connection";
import { SecretHint } from "../_components/secret-hint";

export const metadata: Metadata = { title: "Edit Credential" };

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-3 py-3 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{term}</dt>
      <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

export default async function CredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/settings/credentials/${encodeURIComponent(id)}`);
  const parsed = credentialIdSchema.safeParse(id);
  const [credential, usedBy] = parsed.success ? await Promise.all([getCredential(viewer, parsed.data), webhookUsesByCredential(viewer)]) : [null, null];
  if (!credential) notFound();
  const webhooks = usedBy?.get(credential.id) ?? [];
  const service = serviceById(credential.service);
  return (
    <div className="max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm break-words text-slate-600">
        <Link href="/settings/credentials" className="hover:text-slate-900 hover:underline">Credentials</Link> / {credential.name}
      </nav>
      <PageHeader title={credential.name} description={CREDENTIAL_TYPE_LABELS[credential.type]} />
      <Card className="px-4 py-2 sm:px-6" labelledBy="details-heading">
        <h2 id="details-heading" className="sr-only">Details</h2>
        <dl className="divide-y divide-slate-100">
          <Detail term="Service">
            {service ? (
              <span className="inline-flex items-center gap-2">
                <ServiceMonogram initials={service.initials} className="size-6 text-xs" />
                {service.name}
              </span>
            ) : (
              "Custom API"
            )}
          </Detail>
          {credential.fieldName && (
            <Detail term={credential.type === "header" ? "Header name" : "Query parameter"}>
              <code className="font-mono break-all">{credential.fieldName}</code>
            </Detail>
          )}
          <Detail term="Secret">
            <SecretHint hint={credential.hint} />
            <p className="mt-1 text-xs text-slate-600">
              {credential.hint
                ? "Only the last 4 characters are ever shown again."
                : credential.type === "basic"
                  ? "Nothing of a Basic username or password is ever shown again."
                  : "Nothing of a secret shorter than 12 characters is ever shown again."}
            </p>
          </Detail>
          <Detail term="ID">
            <CopyableId value={credential.id} what="credential ID" />
          </Detail>
          <Detail term="Created">
            <RelativeTime at={credential.createdAt} />
          </Detail>
          <Detail term="Updated">
            <RelativeTime at={credential.updatedAt} />
          </Detail>
          <Detail term="Allowed hosts">
            {credential.hosts.length > 0 ? <span className="font-mono break-all">{credential.hosts.join(", ")}</span> : "None yet: it cannot be attached until one is named."}
          </Detail>
          <Detail term="Who can use">{whoCanUse(credential)}</Detail>
          <Detail term="Used by">
            {webhooks.length > 0 ? `${webhooks.length} ${webhooks.length === 1 ? "webhook" : "webhooks"}: ${webhooks.map((w) => `“${w.name}” (${w.owner})`).join(", ")}` : "No webhook"}
          </Detail>
        </dl>
      </Card>
      {service?.test && credential.usable && (
        <Card className="p-4 sm:p-6" labelledBy="test-heading">
          <h2 id="test-heading" className="mb-1 text-base font-semibold text-slate-900">Test connection</h2>
          <TestConnection id={credential.id} description={service.test.description} />
        </Card>
      )}
      {credential.manageable ? (
        <Card className="p-4 sm:p-6" labelledBy="edit-heading">
          <h2 id="edit-heading" className="text-base font-semibold text-slate-900">Edit</h2>
          <p className="mt-1 mb-5 text-sm text-slate-600">
            Type a new secret to replace the stored one; leave a secret field empty to keep it. Every webhook using it sends the new value on its next call.
          </p>
          <CredentialForm service={service && service.id !== "custom" ? service : undefined} existing={{ id: credential.id, name: credential.name, type: credential.type, fieldName: credential.fieldName, hint: credential.hint, hosts: credential.hosts }} />
        </Card>
      ) : (
        <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">
          {credential.creator.name} shared this credential with you: you can choose it as a webhook’s Authentication, towards its allowed hosts. Only its creator, an Admin or an Owner can change it.
        </p>
      )}
    </div>
  );
}
