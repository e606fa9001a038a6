import { cn } from "@/components/ui/cn";

/** A service's initials in a rounded square: the catalogue has no logos. Decorative: the name is beside it. */
export function ServiceMonogram({ initials, className }: { initials: string; className?: string }) {
  return (
    <span aria-hidden className={cn("inline-flex size-9 shrink-0 items-center justify-center rounded-md bg-indigo-50 text-sm font-semibold text-indigo-700 ring-1 ring-indigo-200 ring-inset", className)}>
      {initials}
    </span>
  );
}
