import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { QuotaCard } from "@/components/ui/quota-bar";
import { listWebhooks, maxWebhooks } from "@/lib/dal/webhooks";
import { formatRelative } from "@/lib/format";
import { requireViewer } from "@/lib/session";
import { WEBHOOK_EVENT_LABELS } from "@/lib/webhooks/events";
import { DeliveryStatus } from "./_components/delivery-status";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const viewer = await requireViewer("/settings/webhooks");
  const webhooks = await listWebhooks(viewer);
  const limit = maxWebhooks();
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Webhooks"
        description="Latchkey calls these endpoints when your keys are created, rolled, revoked, deleted, about to expire or reported as leaked. Every call is signed (Standard Webhooks) and retried until it is delivered."
      />
      <QuotaCard used={webhooks.length} limit={limit} noun="webhooks" addLabel="+ Add Webhook" addHref="/settings/webhooks/new" limitMessage={`You have reached the limit of ${limit} webhooks. Delete one to add another.`} />
      {webhooks.length === 0 ? (
        <Card>
          <EmptyState title="No webhooks yet">Add an endpoint to hear about key events in your own systems: a deploy pipeline, a chat channel, an audit store.</EmptyState>
        </Card>
      ) : (
        <ul className="space-y-3">
          {webhooks.map((hook) => (
            <li key={hook.id} aria-label={hook.name} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="font-semibold text-slate-900">
                    <Link href={`/settings/webhooks/${hook.id}`} className="hover:underline">{hook.name}</Link>
                  </h2>
                  <p className="truncate font-mono text-sm text-slate-600">{hook.url}</p>
                </div>
                <div className="flex items-center gap-2">
                  {!hook.enabled && <Badge tone="slate">Paused</Badge>}
                  {hook.lastDelivery ? (
                    <span className="flex items-center gap-2 text-xs text-slate-500">
                      Last event {formatRelative(hook.lastDelivery.createdAt)} <DeliveryStatus status={hook.lastDelivery.status} statusCode={hook.lastDelivery.statusCode} attempted={hook.lastDelivery.attempted} />
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">No events yet</span>
                  )}
                </div>
              </div>
              <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-600">
                <span>
                  Authentication:{" "}
                  {hook.credentialMissing ? <Badge tone="red">Credential deleted</Badge> : <span className="font-medium text-slate-900">{hook.credentialName ?? "None (public API)"}</span>}
                </span>
                <span className="flex flex-wrap gap-1">
                  {hook.events.map((event) => <Badge key={event} tone="slate">{WEBHOOK_EVENT_LABELS[event].label}</Badge>)}
                </span>
              </div>
              <div className="mt-4 flex gap-2">
                <ButtonLink href={`/settings/webhooks/${hook.id}`} variant="secondary">Deliveries</ButtonLink>
                <ButtonLink href={`/settings/webhooks/${hook.id}/edit`} variant="ghost">Edit</ButtonLink>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
