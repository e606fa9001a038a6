import type { ReactNode } from "react";
import { PLAN_LIMIT_ADVICE, quotaText, type Quota } from "@/lib/plans/limits";
import { ButtonLink, buttonClass } from "./button";
import { Card } from "./card";
import { cn } from "./cn";

export type QuotaNoun = { one: string; many: string };

/**
 * How much of the plan's limit a list uses: "3 of 5 keys · Lite", with a meter; over the limit
 * (the plan was lowered below what exists) "7 of 5: over the plan's limit · Lite", the meter
 * full and amber; unlimited, "3 keys · Agency" and no meter. The meter's value is capped at its
 * maximum (ARIA wants it in range) and its text says the whole truth.
 */
export function QuotaBar({ quota, noun, id = "quota" }: { quota: Quota; noun: QuotaNoun; id?: string }) {
  const text = quotaText(quota, noun);
  const labelId = `${id}-label`;
  if (quota.limit === null) {
    return (
      <div className="min-w-56 flex-1 sm:max-w-sm">
        <p id={labelId} className="text-sm font-medium text-slate-900">{text}</p>
      </div>
    );
  }
  const percent = quota.limit === 0 ? 100 : Math.min(100, Math.round((quota.used / quota.limit) * 100));
  return (
    <div className="min-w-56 flex-1 sm:max-w-sm">
      <p id={labelId} className={cn("text-sm font-medium", quota.over ? "text-amber-800" : "text-slate-900")}>{text}</p>
      <div
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={quota.limit}
        aria-valuenow={Math.min(quota.used, quota.limit)}
        aria-valuetext={text}
        className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={cn("h-full rounded-full", quota.full ? "bg-amber-500" : "bg-indigo-600")} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

/**
 * The head of every limited list: the quota bar and the Add button. At the limit (or over it)
 * the button stays in place, aria-disabled so it can still be focused and read, with the reason
 * beside it and tied to it, rather than hidden, so nobody hunts for it. `add` replaces the link
 * (the Members page's invite dialog); `addHref` is a page to go to; `advice` what to do at the
 * limit (lib/plans/limits.ts limitAdvice).
 */
export function QuotaCard({ quota, noun, addLabel, addHref, add, advice = PLAN_LIMIT_ADVICE, id = "quota" }: { quota: Quota; noun: QuotaNoun; addLabel?: string; addHref?: string; add?: ReactNode; advice?: string; id?: string }) {
  const reasonId = `${id}-reason`;
  const button = add ?? (addHref && addLabel ? <ButtonLink href={addHref}>{addLabel}</ButtonLink> : null);
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <QuotaBar quota={quota} noun={noun} id={id} />
        {button && quota.full ? (
          <div className="flex flex-wrap items-center justify-end gap-3 max-sm:w-full max-sm:justify-start">
            <p id={reasonId} className="max-w-xs text-sm text-slate-600 sm:text-right">{advice}</p>
            <button type="button" aria-disabled="true" aria-describedby={reasonId} className={buttonClass("primary", "cursor-not-allowed opacity-50 hover:bg-indigo-600")}>
              {addLabel}
            </button>
          </div>
        ) : (
          button
        )}
      </div>
    </Card>
  );
}
