"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { THEME_COOKIE, type Theme } from "./theme";

const OPTIONS: Array<{ value: Theme; label: string; icon: string }> = [
  { value: "system", label: "System", icon: "M4 5h16v11H4zM9 20h6M12 16v4" },
  { value: "light", label: "Light", icon: "M12 4V2M12 22v-2M4 12H2M22 12h-2M5.6 5.6 4.2 4.2M19.8 19.8l-1.4-1.4M5.6 18.4l-1.4 1.4M19.8 4.2l-1.4 1.4M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8Z" },
  { value: "dark", label: "Dark", icon: "M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5Z" },
];

function applyTheme(value: Theme) {
  document.cookie = `${THEME_COOKIE}=${value}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.setAttribute("data-theme", value);
}

/**
 * System / Light / Dark, remembered in a cookie for a year. The server renders the next page in
 * the chosen theme; this page switches at once through the attribute the CSS keys on.
 */
export function ThemeSwitch({ initial, className }: { initial: Theme; className?: string }) {
  const [theme, setTheme] = useState(initial);
  const choose = (value: Theme) => {
    setTheme(value);
    applyTheme(value);
  };
  return (
    <fieldset className={cn("inline-flex rounded-md p-0.5 ring-1 ring-slate-300 ring-inset", className)}>
      <legend className="sr-only">Theme</legend>
      {OPTIONS.map((option) => (
        <label
          key={option.value}
          title={option.label}
          className={cn(
            "flex cursor-pointer items-center rounded px-2 py-1 text-slate-600 has-focus-visible:outline-2 has-focus-visible:outline-indigo-600",
            theme === option.value ? "bg-slate-200 text-slate-900" : "hover:text-slate-900",
          )}
        >
          <input type="radio" name="theme" value={option.value} checked={theme === option.value} onChange={() => choose(option.value)} className="sr-only" />
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className="size-4" aria-hidden>
            <path d={option.icon} />
          </svg>
          <span className="sr-only">{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
