import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { getCredential } from "@/lib/dal/credentials";
import { requireViewer } from "@/lib/session";
import { credentialIdSchema } from "@/lib/validation/credentials";
import { CredentialForm } from "../_components/credential-form";

export const metadata: Metadata = { title: "Edit Credential" };

export default async function EditCredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/settings/credentials/${encodeURIComponent(id)}`);
  const parsed = credentialIdSchema.safeParse(id);
  const credential = parsed.success ? await getCredential(viewer, parsed.data) : null;
  if (!credential) notFound();
  return (
    <div className="max-w-2xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/settings/credentials" className="hover:text-slate-700">Credentials</Link> / {credential.name}
      </nav>
      <PageHeader title={`Edit “${credential.name}”`} description="Type a new secret to replace the stored one; leave a secret field empty to keep it." />
      <Card className="p-6">
        <CredentialForm existing={{ id: credential.id, name: credential.name, type: credential.type, fieldName: credential.fieldName, hint: credential.hint }} />
      </Card>
    </div>
  );
}
