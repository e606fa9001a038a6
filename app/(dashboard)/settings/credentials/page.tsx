import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { listCredentials, maxCredentials } from "@/lib/dal/credentials";
import { webhooksByCredential } from "@/lib/dal/webhooks";
import { formatDate } from "@/lib/format";
import { requireViewer } from "@/lib/session";
import { CREDENTIAL_TYPE_LABELS } from "@/lib/validation/credentials";
import { QuotaCard } from "@/components/ui/quota-bar";
import { DeleteCredential } from "./_components/delete-credential";

export const metadata: Metadata = { title: "Credentials" };

export default async function CredentialsPage() {
  const viewer = await requireViewer("/settings/credentials");
  const [credentials, usedBy] = await Promise.all([listCredentials(viewer), webhooksByCredential(viewer)]);
  const limit = maxCredentials();
  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader
        title="Credentials"
        description="Secrets for other services (Bearer tokens, Basic auth, API keys), kept encrypted for outbound calls. Once saved they are never shown again, only a hint."
      />
      <QuotaCard used={credentials.length} limit={limit} noun="credentials" addLabel="+ Add Credential" addHref="/settings/credentials/new" limitMessage={`You have reached the limit of ${limit} credentials. Delete one to add another.`} />
      {credentials.length === 0 ? (
        <Card>
          <EmptyState title="No credentials yet">Save a token or password once, then choose it wherever an integration needs it.</EmptyState>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {credentials.map((c) => (
            <li key={c.id} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label={c.name}>
              <div className="flex items-start justify-between gap-3">
                <div>
                  <h2 className="font-semibold text-slate-900">{c.name}</h2>
                  <p className="text-sm text-slate-600">
                    {CREDENTIAL_TYPE_LABELS[c.type]}
                    {c.fieldName && <> · <code className="font-mono text-xs">{c.fieldName}</code></>}
                  </p>
                </div>
                <Badge tone="green">Stored</Badge>
              </div>
              <p className="mt-3 font-mono text-sm text-slate-700" aria-label={`Secret ending in ${c.hint}`}>••••••••{c.hint}</p>
              <p className="mt-1 text-xs text-slate-500">
                Updated {formatDate(c.updatedAt)}
                {" · "}
                {usedBy.get(c.id)?.length ? `Used by ${usedBy.get(c.id)!.map((n) => `“${n}”`).join(", ")}` : "Not used by any webhook"}
              </p>
              <div className="mt-4 flex flex-wrap items-center gap-2">
                <ButtonLink href={`/settings/credentials/${c.id}`} variant="secondary">Edit</ButtonLink>
                <DeleteCredential id={c.id} name={c.name} usedBy={usedBy.get(c.id) ?? []} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
