"use client";

/** Header names most APIs use; anything else is typed into the field itself. */
export const HEADER_NAME_PRESETS = ["X-API-Key", "Authorization", "Api-Key"] as const;

/**
 * One-click header names for a Custom API, beside the free-text field (which stays the one
 * source of truth, so a typed name is never overwritten unless a preset is chosen).
 */
export function HeaderNamePresets({ value, onPick }: { value: string; onPick: (name: string) => void }) {
  return (
    <div role="group" aria-label="Presets" className="flex flex-wrap items-center gap-2 text-xs">
      <span className="text-slate-600">Common:</span>
      {HEADER_NAME_PRESETS.map((name) => (
        <button
          key={name}
          type="button"
          aria-pressed={value === name}
          onClick={() => onPick(name)}
          className={
            value === name
              ? "rounded-full bg-indigo-50 px-2.5 py-1 font-mono text-indigo-700 ring-1 ring-indigo-300 ring-inset"
              : "rounded-full px-2.5 py-1 font-mono text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
          }
        >
          {name}
        </button>
      ))}
      <span className="text-slate-600">or type any other name.</span>
    </div>
  );
}
