import type { UsageDay } from "@/lib/dal/usage";

const W = 600;
const H = 160;
const PAD = 24;

/**
 * Requests per day, stacked: successful (indigo) under refused (red). Plain SVG rendered on
 * the server: no chart library, nothing to load, and a table for screen readers.
 */
export function UsageChart({ days }: { days: UsageDay[] }) {
  const max = Math.max(1, ...days.map((d) => d.succeeded + d.refused));
  const slot = (W - PAD) / days.length;
  const bar = Math.max(2, slot - 4);
  const y = (n: number) => ((H - PAD) * n) / max;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-44 w-full" role="img" aria-labelledby="usage-caption">
        <line x1={PAD} x2={W} y1={H - PAD} y2={H - PAD} className="stroke-slate-200" />
        <text x={0} y={12} className="fill-slate-400 text-[10px]">{max}</text>
        <text x={0} y={H - PAD} className="fill-slate-400 text-[10px]">0</text>
        {days.map((d, i) => {
          const x = PAD + i * slot + 2;
          const ok = y(d.succeeded);
          const refused = y(d.refused);
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.succeeded} successful, ${d.refused} refused`}</title>
              <rect x={x} y={H - PAD - ok} width={bar} height={ok} rx={1} className="fill-indigo-500" />
              <rect x={x} y={H - PAD - ok - refused} width={bar} height={refused} rx={1} className="fill-red-400" />
            </g>
          );
        })}
        <text x={PAD} y={H - 6} className="fill-slate-400 text-[10px]">{days[0]?.day}</text>
        <text x={W} y={H - 6} textAnchor="end" className="fill-slate-400 text-[10px]">today</text>
      </svg>
      <figcaption id="usage-caption" className="mt-2 flex gap-4 text-xs text-slate-600">
        <span className="inline-flex items-center gap-1.5"><span className="size-2.5 rounded-sm bg-indigo-500" aria-hidden />Successful</span>
        <span className="inline-flex items-center gap-1.5"><span className="size-2.5 rounded-sm bg-red-400" aria-hidden />Refused</span>
        <span className="sr-only">Requests per day over the last {days.length} days</span>
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
