import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { Card, PageHeader } from "@/components/ui/card";
import { limitReachedMessage, workspaceQuota } from "@/lib/dal/plans";
import { requireViewer } from "@/lib/session";
import { CredentialForm } from "../_components/credential-form";

export const metadata: Metadata = { title: "Add Credential" };

export default async function NewCredentialPage() {
  const viewer = await requireViewer("/settings/credentials/new");
  const atLimit = (await workspaceQuota(viewer)).credentials.full;
  return (
    <div className="max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings/credentials" className="hover:text-slate-900 hover:underline">Credentials</Link> / Add Credential
      </nav>
      <PageHeader
        title="Add Credential"
        description="Stored encrypted and never shown again after saving: at most its last 4 characters, and none of a secret shorter than 12 characters or of a Basic password."
      />
      <Card className="p-4 sm:p-6">
        {atLimit ? <p role="alert" className="text-sm">{await limitReachedMessage(viewer, "credentials")}</p> : <CredentialForm />}
      </Card>
    </div>
  );
}
