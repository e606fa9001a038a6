import { CopyableId } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AttemptDTO, DeliveryDTO } from "@/lib/dal/webhooks";
import { formatDateTime, formatRelative } from "@/lib/format";
import { WEBHOOK_EVENT_LABELS } from "@/lib/webhooks/events";
import { DeliveryStatus } from "./delivery-status";

// Long header lines and bodies scroll inside their own box, which takes focus so a keyboard
// can scroll it too; it is dark in both themes, like every code block.
const block = "mt-1 max-h-64 overflow-auto rounded-md bg-code p-3 font-mono text-xs text-code-fg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

function Attempt({ attempt }: { attempt: AttemptDTO }) {
  return (
    <div className="min-w-0 space-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200 sm:p-4">
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
        <span className="font-medium text-slate-900">Attempt {attempt.number}</span>
        <RelativeTime at={attempt.startedAt} />
        <span>{attempt.statusCode ? `HTTP ${attempt.statusCode}` : "No response"}</span>
        <span>{attempt.durationMs} ms</span>
      </p>
      {attempt.error && <p className="text-sm break-words text-red-700">{attempt.error}</p>}
      {attempt.hint && (
        <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          <span className="font-medium">What to check: </span>{attempt.hint}
        </p>
      )}
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <div className="min-w-0">
          <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Request</p>
          <pre tabIndex={0} aria-label={`Request of attempt ${attempt.number}`} className={block}>
            {`POST ${attempt.requestUrl}\n`}
            {Object.entries(attempt.requestHeaders).map(([name, value]) => `${name}: ${value}`).join("\n")}
          </pre>
        </div>
        <div className="min-w-0">
          <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Response (first 1,000 characters)</p>
          <pre tabIndex={0} aria-label={`Response of attempt ${attempt.number}`} className={`${block} break-words whitespace-pre-wrap`}>
            {attempt.responseExcerpt || <span className="text-code-muted">(empty)</span>}
          </pre>
        </div>
      </div>
    </div>
  );
}

/** Below lg: the event on its own line, then status, time, duration and attempts. From lg up: columns. */
export const DELIVERY_COLUMNS = "lg:grid lg:grid-cols-[8rem_minmax(0,1fr)_8rem_5rem_6rem] lg:gap-3";

export function DeliveryRow({ delivery }: { delivery: DeliveryDTO }) {
  const latest = delivery.log[0];
  return (
    <li>
      <details className="group">
        <summary className={`flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 hover:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 sm:px-5 ${DELIVERY_COLUMNS} lg:items-center`}>
          {/* Not the focusable RelativeTime: a summary is one control. The absolute time is on hover here and on focus inside. */}
          <time dateTime={delivery.createdAt.toISOString()} title={formatDateTime(delivery.createdAt)} className="text-sm text-slate-700">
            {formatRelative(delivery.createdAt)}
          </time>
          <span className="min-w-0 text-sm font-medium break-words text-slate-900 max-lg:order-first max-lg:basis-full">
            <span aria-hidden className="mr-1.5 inline-block text-slate-500 transition-transform group-open:rotate-90">›</span>
            {WEBHOOK_EVENT_LABELS[delivery.event]?.label ?? delivery.event} <code className="ml-1 font-mono text-xs font-normal text-slate-600">{delivery.event}</code>
          </span>
          <span className="max-lg:-order-1"><DeliveryStatus status={delivery.status} statusCode={latest?.statusCode ?? null} attempted={delivery.attempts > 0} /></span>
          <span className="text-sm text-slate-600">{latest ? `${latest.durationMs} ms` : "–"}</span>
          <span className="text-sm text-slate-600">{delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}</span>
        </summary>
        <div className="space-y-3 px-4 pb-5 sm:px-5">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
            <span className="inline-flex max-w-full min-w-0 items-center gap-1"><span className="shrink-0">webhook-id</span> <CopyableId value={delivery.id} what="webhook-id" className="min-w-0" /></span>
            <span>queued <RelativeTime at={delivery.createdAt} /></span>
            {delivery.nextAttemptAt && <span>next attempt <RelativeTime at={delivery.nextAttemptAt} /></span>}
          </div>
          {delivery.log.length === 0 ? <p className="text-sm text-slate-600">Waiting for its first attempt.</p> : delivery.log.map((a) => <Attempt key={a.number} attempt={a} />)}
        </div>
      </details>
    </li>
  );
}
