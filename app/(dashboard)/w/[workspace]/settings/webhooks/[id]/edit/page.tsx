import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { listUsableCredentials } from "@/lib/dal/credentials";
import { getWebhook } from "@/lib/dal/webhooks";
import { requireViewer } from "@/lib/session";
import { CREDENTIAL_TYPE_LABELS } from "@/lib/validation/credentials";
import { webhookIdSchema } from "@/lib/validation/webhooks";
import { WebhookForm } from "../../_components/webhook-form";

export const metadata: Metadata = { title: "Edit Webhook" };

export default async function EditWebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/settings/webhooks/${encodeURIComponent(id)}/edit`);
  const parsed = webhookIdSchema.safeParse(id);
  const webhook = parsed.success ? await getWebhook(viewer, parsed.data) : null;
  if (!webhook) notFound();
  const credentials = await listUsableCredentials(viewer);
  return (
    <div className="max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/settings/webhooks" className="hover:text-slate-700">Webhooks</Link> /{" "}
        <Link href={`/settings/webhooks/${webhook.id}`} className="hover:text-slate-700">{webhook.name}</Link> / Edit
      </nav>
      <PageHeader title={`Edit ${webhook.name}`} description="Changes apply to the next attempt of every delivery, including retries already waiting." />
      <Card className="p-6">
        <WebhookForm existing={webhook} credentials={credentials.map((c) => ({ id: c.id, name: c.name, typeLabel: CREDENTIAL_TYPE_LABELS[c.type], hosts: c.hosts }))} />
      </Card>
    </div>
  );
}
