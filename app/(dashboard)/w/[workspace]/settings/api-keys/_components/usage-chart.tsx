import type { UsageDay } from "@/lib/dal/usage";
import { formatDay, formatRelativeDay } from "@/lib/format";

// Bars are drawn in a 10-unit slot per day on a 100-unit-high canvas that is stretched to the
// box (preserveAspectRatio="none"); all text is HTML beside it, so it stays 12 px on a phone
// instead of shrinking with the drawing.
const SLOT = 10;
const BAR = 7;
const TOP = 100;

/** An axis day: "29 days ago", with the absolute date on hover and on keyboard focus. */
function AxisDay({ day, today, id }: { day: string; today: string; id: string }) {
  return (
    <span className="group/day relative inline-block">
      <time dateTime={day} tabIndex={0} aria-describedby={id} className="cursor-default rounded-sm underline decoration-slate-300 decoration-dotted underline-offset-4 focus-visible:outline-2 focus-visible:outline-indigo-600">
        {formatRelativeDay(day, today)}
      </time>
      <span role="tooltip" id={id} className="pointer-events-none absolute bottom-full z-30 mb-1 hidden rounded bg-slate-900 px-2 py-1 text-xs whitespace-nowrap text-white shadow group-first/day:left-0 group-last/day:right-0 group-focus-within/day:block group-hover/day:block">
        {formatDay(day)} (UTC)
      </span>
    </span>
  );
}

function Bars({ days, max }: { days: UsageDay[]; max: number }) {
  const height = (n: number) => (TOP * n) / max;
  return (
    <svg viewBox={`0 0 ${days.length * SLOT} ${TOP}`} preserveAspectRatio="none" className="block h-40 w-full border-b border-slate-300" role="img" aria-labelledby="usage-caption">
      {days.map((d, i) => {
        const ok = height(d.succeeded);
        const refused = height(d.refused);
        return (
          <g key={d.day}>
            <title>{`${formatDay(d.day)}: ${d.succeeded} successful, ${d.refused} refused`}</title>
            {/* A full-height transparent slot, so the day's tooltip is there to hover even without requests. */}
            <rect x={i * SLOT} y={0} width={SLOT} height={TOP} className="fill-transparent" />
            <rect x={i * SLOT + (SLOT - BAR) / 2} y={TOP - ok} width={BAR} height={ok} className="fill-indigo-500" />
            <rect x={i * SLOT + (SLOT - BAR) / 2} y={TOP - ok - refused} width={BAR} height={refused} className="fill-red-400" />
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Requests per day, stacked: successful (indigo) under refused (red). Plain SVG rendered on
 * the server: no chart library, nothing to load, and a table for screen readers. It fits any
 * width: the bars stretch, the labels do not.
 */
export function UsageChart({ days }: { days: UsageDay[] }) {
  const max = Math.max(1, ...days.map((d) => d.succeeded + d.refused));
  const empty = days.every((d) => d.succeeded + d.refused === 0);
  const first = days[0]?.day;
  const today = days.at(-1)?.day;
  return (
    <figure className="min-w-0">
      {empty ? (
        <div className="flex h-40 flex-col items-center justify-center rounded-md border border-dashed border-slate-300 px-4 text-center">
          <p className="text-sm font-medium text-slate-900">No requests yet</p>
          <p className="mt-1 text-xs text-slate-600">Requests made with this key in the last {days.length || 30} days appear here.</p>
        </div>
      ) : (
        <div className="flex gap-2">
          <div className="flex h-40 flex-col justify-between text-right text-xs text-slate-600 tabular-nums" aria-hidden>
            <span className="-mt-1.5">{max}</span>
            <span className="-mb-1.5">0</span>
          </div>
          <div className="min-w-0 flex-1">
            <Bars days={days} max={max} />
            {first && today && (
              <div className="mt-1 flex justify-between gap-2 text-xs text-slate-600">
                <AxisDay day={first} today={today} id="usage-first-day" />
                <AxisDay day={today} today={today} id="usage-last-day" />
              </div>
            )}
          </div>
        </div>
      )}
      <figcaption id="usage-caption" className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {!empty && (
          <>
            <span className="inline-flex items-center gap-1.5"><span className="size-2.5 rounded-sm bg-indigo-500" aria-hidden />Successful</span>
            <span className="inline-flex items-center gap-1.5"><span className="size-2.5 rounded-sm bg-red-400" aria-hidden />Refused</span>
          </>
        )}
        <span className="sr-only">Requests per day over the last {days.length} days{empty ? ": none" : ""}</span>
      </figcaption>
      <table className="sr-only" data-testid="usage-table">
        <caption>Requests per day</caption>
        <thead><tr><th>Day</th><th>Successful</th><th>Refused</th></tr></thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day} data-day={d.day}><td>{d.day}</td><td>{d.succeeded}</td><td>{d.refused}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** A tiny 30-day bar strip for the list, with the total beside it. */
export function Sparkline({ days }: { days: UsageDay[] }) {
  const totals = days.map((d) => d.succeeded + d.refused);
  const sum = totals.reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...totals);
  return (
    <span className="inline-flex items-center gap-2" title={`${sum} requests in the last ${days.length} days`}>
      <svg viewBox={`0 0 ${days.length * 3} 16`} className="h-4 w-16" aria-hidden>
        {totals.map((t, i) => (
          <rect key={i} x={i * 3} y={16 - (14 * t) / max} width={2} height={(14 * t) / max} className="fill-indigo-400" />
        ))}
      </svg>
      <span className="tabular-nums">{sum}</span>
    </span>
  );
}
