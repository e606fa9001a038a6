import { Button, ButtonLink } from "./button";
import { Card } from "./card";
import { cn } from "./cn";

export function QuotaBar({ used, limit, noun = "keys" }: { used: number; limit: number; noun?: string }) {
  const percent = Math.min(100, Math.round((used / limit) * 100));
  return (
    <div className="min-w-56 flex-1 sm:max-w-sm">
      <p id="quota-label" className="text-sm font-medium text-slate-900">
        {used} of {limit} {noun} used
      </p>
      <div
        role="progressbar"
        aria-labelledby="quota-label"
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={used}
        className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={cn("h-full rounded-full", used >= limit ? "bg-amber-500" : "bg-indigo-600")} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/**
 * The head of every limited list: how much of the quota is used, and the Add button, which at
 * the limit is disabled with its reason beside it (not hidden, so nobody hunts for it).
 */
export function QuotaCard({ used, limit, noun, addLabel, addHref, limitMessage }: { used: number; limit: number; noun?: string; addLabel: string; addHref: string; limitMessage: string }) {
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <QuotaBar used={used} limit={limit} noun={noun} />
        {used >= limit ? (
          <div className="flex items-center gap-3">
            <p id="limit-reason" className="max-w-xs text-right text-sm text-slate-600">{limitMessage}</p>
            <Button disabled aria-describedby="limit-reason">{addLabel}</Button>
          </div>
        ) : (
          <ButtonLink href={addHref}>{addLabel}</ButtonLink>
        )}
      </div>
    </Card>
  );
}
