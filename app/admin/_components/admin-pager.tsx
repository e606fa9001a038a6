import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

/**
 * Previous / Next under an Admin list, keeping its search: `/admin/<list>?q=…&page=n`. Nothing
 * when everything fits on one page.
 */
export function AdminPager({ base, q, page, pages, total, noun, label }: { base: string; q: string; page: number; pages: number; total: number; noun: string; label: string }) {
  if (pages <= 1) return null;
  const pageUrl = (n: number) => `${base}?${new URLSearchParams({ ...(q ? { q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 text-sm text-slate-600">
      <span>
        Page {page} of {pages} · {total} {noun}
      </span>
      <span className="flex gap-2">
        {page > 1 && <Link className={buttonClass("secondary")} href={pageUrl(page - 1)}>Previous</Link>}
        {page < pages && <Link className={buttonClass("secondary")} href={pageUrl(page + 1)}>Next</Link>}
      </span>
    </nav>
  );
}
