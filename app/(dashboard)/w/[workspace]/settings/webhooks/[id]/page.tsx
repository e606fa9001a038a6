import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { CopyableId } from "@/components/ui/copy-button";
import { getWebhook, listDeliveries } from "@/lib/dal/webhooks";
import { requireViewer } from "@/lib/session";
import { webhookIdSchema } from "@/lib/validation/webhooks";
import { WEBHOOK_EVENT_LABELS } from "@/lib/webhooks/events";
import { DELIVERY_COLUMNS, DeliveryRow } from "../_components/delivery-row";
import { SigningSecret } from "../_components/signing-secret";
import { RefreshWhilePending, WebhookActions } from "../_components/webhook-actions";
import { pageSchema } from "@/lib/validation/keys";

export const metadata: Metadata = { title: "Webhook" };

export default async function WebhookPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const { id } = await params;
  const viewer = await requireViewer(`/settings/webhooks/${encodeURIComponent(id)}`);
  const parsed = webhookIdSchema.safeParse(id);
  const webhook = parsed.success ? await getWebhook(viewer, parsed.data) : null;
  if (!webhook) notFound();
  const page = pageSchema.parse((await searchParams).page);
  const { deliveries, total, pages } = await listDeliveries(viewer, webhook, page);
  const pending = deliveries.some((d) => d.status === "pending");
  return (
    <div className="max-w-6xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/settings/webhooks" className="hover:text-slate-700">Webhooks</Link> / {webhook.name}
      </nav>
      <PageHeader title={webhook.name} description={<span className="font-mono break-all">{webhook.url}</span>} actions={webhook.manageable && <WebhookActions id={webhook.id} name={webhook.name} />} />
      <SigningSecret id={webhook.id} hint={webhook.secretHint} />
      <Card className="p-5">
        <dl className="grid gap-4 text-sm sm:grid-cols-2 xl:grid-cols-4">
          <div className="min-w-0">
            <dt className="font-medium text-slate-500">ID</dt>
            <dd className="mt-1"><CopyableId value={webhook.id} what="webhook ID" /></dd>
          </div>
          <div>
            <dt className="font-medium text-slate-500">Status</dt>
            <dd className="mt-1">{webhook.enabled ? <Badge tone="green">Active</Badge> : <Badge tone="slate">Paused</Badge>}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-500">Authentication</dt>
            <dd className="mt-1 text-slate-900">
              {webhook.credentialMissing ? (
                <><Badge tone="red">Credential deleted</Badge> <Link href={`/settings/webhooks/${webhook.id}/edit`} className="text-indigo-700 underline">Choose another</Link></>
              ) : webhook.credentialUnshared ? (
                <>
                  {webhook.credentialName ?? "A credential"} <Badge tone="red">No longer shared</Badge>
                  <span className="mt-1 block text-xs text-red-700">
                    The credential this webhook uses is no longer shared with its owner: deliveries fail until it is shared again or another is chosen.
                  </span>
                </>
              ) : (
                webhook.credentialName ?? "No authentication (public API)"
              )}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-500">Events</dt>
            <dd className="mt-1 flex flex-wrap gap-1">{webhook.events.map((e) => <Badge key={e} tone="slate">{WEBHOOK_EVENT_LABELS[e].label}</Badge>)}</dd>
          </div>
        </dl>
      </Card>
      <Card labelledBy="deliveries-title">
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 border-b border-slate-200 px-4 py-4 sm:px-5">
          <h2 id="deliveries-title" className="text-base font-semibold text-slate-900">Deliveries</h2>
          <p className="text-sm text-slate-500" aria-live="polite">{total} {total === 1 ? "delivery" : "deliveries"}{pending ? " · updating…" : ""}</p>
        </div>
        <RefreshWhilePending pending={pending} />
        {deliveries.length === 0 ? (
          <EmptyState title="No deliveries yet">Events appear here as they are sent. Use “Send test event” to try the endpoint now.</EmptyState>
        ) : (
          <>
            <div className={`hidden border-b border-slate-100 px-5 py-2 text-xs font-semibold tracking-wide text-slate-600 uppercase ${DELIVERY_COLUMNS}`} aria-hidden="true">
              <span>Time</span><span>Event</span><span>Status</span><span>Duration</span><span>Attempts</span>
            </div>
            <ul className="divide-y divide-slate-100">
              {deliveries.map((d) => <DeliveryRow key={d.id} delivery={d} />)}
            </ul>
          </>
        )}
        {pages > 1 && (
          <nav aria-label="Delivery pages" className="flex items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 text-sm sm:px-5">
            {page > 1 ? <Link href={`?page=${page - 1}`} className="text-indigo-700">Newer</Link> : <span />}
            <span className="text-slate-500">Page {page} of {pages}</span>
            {page < pages ? <Link href={`?page=${page + 1}`} className="text-indigo-700">Older</Link> : <span />}
          </nav>
        )}
      </Card>
    </div>
  );
}
