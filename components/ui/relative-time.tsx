import { useId } from "react";
import { formatDateTime, formatRelative } from "@/lib/format";
import { cn } from "./cn";

/**
 * "3 days ago" / "in 23 h", with the absolute UTC time on hover and on keyboard focus (a
 * tooltip the time points to with aria-describedby, so screen readers hear both).
 */
export function RelativeTime({ at, className }: { at: Date; className?: string }) {
  const id = useId();
  return (
    <span className={cn("group/time relative inline-block", className)}>
      <time
        dateTime={at.toISOString()}
        tabIndex={0}
        aria-describedby={id}
        className="cursor-default rounded-sm underline decoration-slate-300 decoration-dotted underline-offset-4 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        {formatRelative(at)}
      </time>
      <span
        role="tooltip"
        id={id}
        className="pointer-events-none absolute bottom-full left-0 z-30 mb-1 hidden rounded bg-slate-900 px-2 py-1 text-xs font-normal whitespace-nowrap text-white shadow group-focus-within/time:block group-hover/time:block"
      >
        {formatDateTime(at)}
      </span>
    </span>
  );
}
