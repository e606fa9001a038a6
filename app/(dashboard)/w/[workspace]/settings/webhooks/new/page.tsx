import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { Card, PageHeader } from "@/components/ui/card";
import { listUsableCredentials } from "@/lib/dal/credentials";
import { limitReachedMessage, workspaceQuota } from "@/lib/dal/plans";
import { requireViewer } from "@/lib/session";
import { CREDENTIAL_TYPE_LABELS } from "@/lib/validation/credentials";
import { WebhookForm } from "../_components/webhook-form";

export const metadata: Metadata = { title: "Add Webhook" };

export default async function NewWebhookPage() {
  const viewer = await requireViewer("/settings/webhooks/new");
  const [quota, credentials] = await Promise.all([workspaceQuota(viewer), listUsableCredentials(viewer)]);
  const atLimit = quota.webhooks.full;
  return (
    <div className="max-w-3xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/settings/webhooks" className="hover:text-slate-700">Webhooks</Link> / Add Webhook
      </nav>
      <PageHeader title="Add Webhook" description="Tell another system about key events as they happen. Each call is signed, so the receiver can check it came from Latchkey." />
      <Card className="p-6">
        {atLimit ? (
          <p role="alert" className="text-sm">{await limitReachedMessage(viewer, "webhooks")}</p>
        ) : (
          <WebhookForm credentials={credentials.map((c) => ({ id: c.id, name: c.name, typeLabel: CREDENTIAL_TYPE_LABELS[c.type], hosts: c.hosts }))} />
        )}
      </Card>
    </div>
  );
}
