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
