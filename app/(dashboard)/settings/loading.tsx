/** What a settings page shows while the server renders it: its shape, marked busy. */
export default function Loading() {
  const bar = "animate-pulse rounded bg-slate-200";
  return (
    <div aria-busy="true" aria-live="polite" className="space-y-6">
      <span className="sr-only">Loading…</span>
      <div className="space-y-2" aria-hidden>
        <div className={`${bar} h-7 w-48`} />
        <div className={`${bar} h-4 w-full max-w-md`} />
      </div>
      <div className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-hidden>
        <div className="space-y-4">
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className="flex items-center gap-4">
              <div className={`${bar} h-4 w-1/3`} />
              <div className={`${bar} h-4 w-16`} />
              <div className={`${bar} ml-auto h-4 w-20`} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
