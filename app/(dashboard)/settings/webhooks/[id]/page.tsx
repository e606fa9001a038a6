import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getWebhook, listDeliveries, type AttemptDTO, type DeliveryDTO } from "@/lib/dal/webhooks";
import { formatDateTime, formatRelative } from "@/lib/format";
import { requireViewer } from "@/lib/session";
import { webhookIdSchema } from "@/lib/validation/webhooks";
import { WEBHOOK_EVENT_LABELS } from "@/lib/webhooks/events";
import { DeliveryStatus } from "../_components/delivery-status";
import { SigningSecret } from "../_components/signing-secret";
import { RefreshWhilePending, WebhookActions } from "../_components/webhook-actions";
import { pageSchema } from "@/lib/validation/keys";

export const metadata: Metadata = { title: "Webhook" };

function Attempt({ attempt }: { attempt: AttemptDTO }) {
  return (
    <div className="space-y-2 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
        <span className="font-medium text-slate-900">Attempt {attempt.number}</span>
        <time dateTime={attempt.startedAt.toISOString()}>{formatDateTime(attempt.startedAt)}</time>
        <span>{attempt.statusCode ? `HTTP ${attempt.statusCode}` : "No response"}</span>
        <span>{attempt.durationMs} ms</span>
      </p>
      {attempt.error && <p className="text-sm text-red-700">{attempt.error}</p>}
      {attempt.hint && (
        <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <span className="font-medium">What to check: </span>{attempt.hint}
        </p>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        <div>
          <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Request</p>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
            {`POST ${attempt.requestUrl}\n`}
            {Object.entries(attempt.requestHeaders).map(([name, value]) => `${name}: ${value}`).join("\n")}
          </pre>
        </div>
        <div>
          <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Response (first 1,000 characters)</p>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 font-mono text-xs whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200">
            {attempt.responseExcerpt || <span className="text-slate-400">(empty)</span>}
          </pre>
        </div>
      </div>
    </div>
  );
}

function DeliveryRow({ delivery }: { delivery: DeliveryDTO }) {
  const latest = delivery.log[0];
  return (
    <li>
      <details className="group">
        <summary className="grid cursor-pointer grid-cols-[1fr_auto] items-center gap-3 px-5 py-3 hover:bg-slate-50 sm:grid-cols-[11rem_1fr_8rem_5rem_6rem]">
          <time dateTime={delivery.createdAt.toISOString()} className="text-sm text-slate-700">{formatDateTime(delivery.createdAt)}</time>
          <span className="text-sm font-medium text-slate-900">
            {WEBHOOK_EVENT_LABELS[delivery.event]?.label ?? delivery.event} <code className="ml-1 font-mono text-xs font-normal text-slate-500">{delivery.event}</code>
          </span>
          <span><DeliveryStatus status={delivery.status} statusCode={latest?.statusCode ?? null} attempted={delivery.attempts > 0} /></span>
          <span className="text-sm text-slate-600">{latest ? `${latest.durationMs} ms` : "–"}</span>
          <span className="text-sm text-slate-600">{delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}</span>
        </summary>
        <div className="space-y-3 px-5 pb-5">
          <p className="text-xs text-slate-500">
            webhook-id <code className="font-mono">{delivery.id}</code>
            {delivery.nextAttemptAt && <> · next attempt {formatRelative(delivery.nextAttemptAt)}</>}
          </p>
          {delivery.log.length === 0 ? <p className="text-sm text-slate-600">Waiting for its first attempt.</p> : delivery.log.map((a) => <Attempt key={a.number} attempt={a} />)}
        </div>
      </details>
    </li>
  );
}

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
      <PageHeader title={webhook.name} description={<span className="font-mono break-all">{webhook.url}</span>} actions={<WebhookActions id={webhook.id} name={webhook.name} />} />
      <SigningSecret id={webhook.id} hint={webhook.secretHint} />
      <Card className="p-5">
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="font-medium text-slate-500">Status</dt>
            <dd className="mt-1">{webhook.enabled ? <Badge tone="green">Active</Badge> : <Badge tone="slate">Paused</Badge>}</dd>
          </div>
          <div>
            <dt className="font-medium text-slate-500">Authentication</dt>
            <dd className="mt-1 text-slate-900">
              {webhook.credentialMissing ? (
                <><Badge tone="red">Credential deleted</Badge> <Link href={`/settings/webhooks/${webhook.id}/edit`} className="text-indigo-700 underline">Choose another</Link></>
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
        <div className="flex items-center justify-between border-b border-slate-200 px-5 py-4">
          <h2 id="deliveries-title" className="text-base font-semibold text-slate-900">Deliveries</h2>
          <p className="text-sm text-slate-500" aria-live="polite">{total} {total === 1 ? "delivery" : "deliveries"}{pending ? " · updating…" : ""}</p>
        </div>
        <RefreshWhilePending pending={pending} />
        {deliveries.length === 0 ? (
          <EmptyState title="No deliveries yet">Events appear here as they are sent. Use “Send test event” to try the endpoint now.</EmptyState>
        ) : (
          <>
            <div className="hidden grid-cols-[11rem_1fr_8rem_5rem_6rem] gap-3 border-b border-slate-100 px-5 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase sm:grid" aria-hidden="true">
              <span>Time</span><span>Event</span><span>Status</span><span>Duration</span><span>Attempts</span>
            </div>
            <ul className="divide-y divide-slate-100">
              {deliveries.map((d) => <DeliveryRow key={d.id} delivery={d} />)}
            </ul>
          </>
        )}
        {pages > 1 && (
          <nav aria-label="Delivery pages" className="flex items-center justify-between border-t border-slate-200 px-5 py-3 text-sm">
            {page > 1 ? <Link href={`?page=${page - 1}`} className="text-indigo-700">Newer</Link> : <span />}
            <span className="text-slate-500">Page {page} of {pages}</span>
            {page < pages ? <Link href={`?page=${page + 1}`} className="text-indigo-700">Older</Link> : <span />}
          </nav>
        )}
      </Card>
    </div>
  );
}
