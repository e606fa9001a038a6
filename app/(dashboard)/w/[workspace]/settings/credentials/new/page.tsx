import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { Card, PageHeader } from "@/components/ui/card";
import { CUSTOM_API_ID, serviceById } from "@/lib/credentials/catalogue";
import { limitReachedMessage, workspaceQuota } from "@/lib/dal/plans";
import { requireViewer } from "@/lib/session";
import { CredentialForm } from "../_components/credential-form";
import { WhereToGetKey } from "../_components/where-to-get-key";

export const metadata: Metadata = { title: "Add Credential" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function NewCredentialPage({ searchParams }: { searchParams: SearchParams }) {
  const requested = (await searchParams).service;
  // ?service=stripe prefills the form from the catalogue; anything else is a Custom API.
  const found = typeof requested === "string" ? serviceById(requested) : undefined;
  const service = found && found.id !== CUSTOM_API_ID ? found : undefined;
  const viewer = await requireViewer(service ? `/settings/credentials/new?service=${service.id}` : "/settings/credentials/new");
  const atLimit = (await workspaceQuota(viewer)).credentials.full;
  const title = service ? `Connect ${service.name}` : "Add Credential";
  return (
    <div className="max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings/credentials" className="hover:text-slate-900 hover:underline">Credentials</Link> /{" "}
        <Link href="/settings/credentials/connect" className="hover:text-slate-900 hover:underline">Connect a service</Link> / {service ? service.name : "Custom API"}
      </nav>
      <PageHeader
        title={title}
        description="Stored encrypted and never shown again after saving: at most its last 4 characters, and none of a secret shorter than 12 characters or of a Basic password."
      />
      {service && !atLimit && <WhereToGetKey service={service} />}
      <Card className="p-4 sm:p-6">
        {atLimit ? <p role="alert" className="text-sm">{await limitReachedMessage(viewer, "credentials")}</p> : <CredentialForm service={service} />}
      </Card>
    </div>
  );
}
