import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { QuotaCard } from "@/components/ui/quota-bar";
import { RelativeTime } from "@/components/ui/relative-time";
import { workspaceQuota } from "@/lib/dal/plans";
import { listWebhooks } from "@/lib/dal/webhooks";
import { QUOTA_NOUNS } from "@/lib/plans/limits";
import { requireViewer } from "@/lib/session";
import { WEBHOOK_EVENT_LABELS } from "@/lib/webhooks/events";
import { DeliveryStatus } from "./_components/delivery-status";
import { WebhookRowMenu } from "./_components/webhook-row-menu";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Webhooks" };

type Hook = Awaited<ReturnType<typeof listWebhooks>>[number];

/**
 * One webhook. From lg up a row: name, address and authentication; the events; the last
 * delivery; the menu. Below lg the same parts stack, with the menu in the top corner.
 */
function WebhookRow({ hook }: { hook: Hook }) {
  return (
    <li aria-label={hook.name} className="relative grid gap-x-6 gap-y-3 px-4 py-4 sm:px-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,16rem)_12rem_2rem] lg:items-start">
      <div className="min-w-0 space-y-1 max-lg:pr-10">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Link href={`/settings/webhooks/${hook.id}`} className="font-medium break-words text-indigo-600 hover:text-indigo-500 hover:underline">{hook.name}</Link>
          {!hook.enabled && <Badge tone="slate">Paused</Badge>}
        </p>
        <p className="font-mono text-xs break-all text-slate-600">{hook.url}</p>
        <p className="text-xs text-slate-600">
          Authentication:{" "}
          {hook.credentialMissing ? <Badge tone="red">Credential deleted</Badge> : hook.credentialUnshared ? <Badge tone="red">Credential no longer shared</Badge> : <span className="font-medium text-slate-900">{hook.credentialName ?? "None (public API)"}</span>}
        </p>
      </div>
      <ul aria-label="Events" className="flex flex-wrap content-start gap-1">
        {hook.events.map((event) => <li key={event}><Badge tone="slate">{WEBHOOK_EVENT_LABELS[event].label}</Badge></li>)}
      </ul>
      <div className="text-sm text-slate-600">
        {hook.lastDelivery ? (
          <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <DeliveryStatus status={hook.lastDelivery.status} statusCode={hook.lastDelivery.statusCode} attempted={hook.lastDelivery.attempted} />
            <span>Last event <RelativeTime at={hook.lastDelivery.createdAt} /></span>
          </p>
        ) : (
          <p className="text-slate-500">No events yet</p>
        )}
      </div>
      <div className="max-lg:absolute max-lg:top-3 max-lg:right-2 lg:text-right">
        <WebhookRowMenu id={hook.id} name={hook.name} manageable={hook.manageable} />
      </div>
    </li>
  );
}

export default async function WebhooksPage() {
  const viewer = await requireViewer("/settings/webhooks");
  const [webhooks, quota] = await Promise.all([listWebhooks(viewer), workspaceQuota(viewer)]);
  return (
    <div className="max-w-6xl space-y-6">
      <PageHeader
        title="Webhooks"
        description="Latchkey calls these endpoints when your keys are created, rolled, revoked, deleted, about to expire or reported as leaked. Every call is signed (Standard Webhooks) and retried until it is delivered."
      />
      {atLeast(viewer.role, "member") ? (
        <QuotaCard quota={quota.webhooks} noun={QUOTA_NOUNS.webhooks} addLabel="+ Add Webhook" addHref="/settings/webhooks/new" />
      ) : (
        <p className="rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200">You are a Viewer in this workspace: you can see its webhooks and their deliveries, but not add or change them.</p>
      )}
      <Card labelledBy="webhooks-title">
        <h2 id="webhooks-title" className="sr-only">Your webhooks</h2>
        {webhooks.length === 0 ? (
          <EmptyState title="No webhooks yet">Add an endpoint to hear about key events in your own systems: a deploy pipeline, a chat channel, an audit store.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {webhooks.map((hook) => <WebhookRow key={hook.id} hook={hook} />)}
          </ul>
        )}
      </Card>
    </div>
  );
}
