import type { ReactNode } from "react";
import { cn } from "./cn";

type Option = { value: string; label: string; hint?: string };
type Props = {
  legend: string;
  name: string;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
  error?: string;
  className?: string;
  children?: ReactNode;
};

/**
 * Radio buttons drawn as selectable cards: a real radio group underneath, so arrow keys,
 * focus and screen readers work as usual.
 */
export function ChoiceGroup({ legend, name, options, value, onChange, error, className, children }: Props) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-900">{legend}</legend>
      <div className={className ?? "flex flex-wrap gap-2"}>
        {options.map((option) => (
          <label
            key={option.value}
            className={cn(
              "cursor-pointer rounded-md px-3 py-1.5 text-sm ring-1 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-indigo-600",
              value === option.value ? "bg-indigo-50 text-indigo-700 ring-indigo-300" : "text-slate-700 ring-slate-300 hover:bg-slate-50",
            )}
          >
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={(e) => onChange(e.target.value)} className="sr-only" />
            <span className={option.hint ? "block font-medium" : undefined}>{option.label}</span>
            {option.hint && <span className="block text-xs text-slate-600">{option.hint}</span>}
          </label>
        ))}
      </div>
      {error && <p className="text-sm text-red-600" role="alert">{error}</p>}
      {children}
    </fieldset>
  );
}
