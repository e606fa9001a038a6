import Link from "next/link";

export function Logo() {
  return (
    <Link href="/" className="inline-flex items-center gap-2 text-lg font-semibold text-slate-900">
      <span className="flex size-8 items-center justify-center rounded-md bg-indigo-600 text-white" aria-hidden>
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" className="size-4">
          <circle cx="8" cy="15" r="4" />
          <path d="m10.85 12.15 8.65-8.65M18 5l2 2M15 8l2 2" />
        </svg>
      </span>
      Latchkey
    </Link>
  );
}
