"use client";

import Link from "@/components/workspace/link";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { inputClass } from "@/components/ui/field";
import { findServices, CUSTOM_API_ID } from "@/lib/credentials/catalogue";
import { ServiceMonogram } from "./service-monogram";

/**
 * "Connect a service": a search box over the catalogue and the matching services as a list of
 * links (each opens the form prefilled for it). Tab reaches every link; from the box, Down moves
 * to the first match, and Up/Down/Home/End move between matches, Up from the first goes back to
 * the box. The number of matches is announced as it changes.
 */
export function ServicePicker() {
  const [query, setQuery] = useState("");
  const list = useRef<HTMLUListElement>(null);
  const box = useRef<HTMLInputElement>(null);
  const ids = { status: useId(), list: useId() };
  const matches = findServices(query);

  const links = () => Array.from(list.current?.querySelectorAll<HTMLAnchorElement>("a") ?? []);
  function onBoxKey(event: KeyboardEvent) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      links()[0]?.focus();
    }
  }
  function onListKey(event: KeyboardEvent) {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    const go = (i: number) => {
      event.preventDefault();
      if (i < 0) box.current?.focus();
      else all[Math.min(i, all.length - 1)]?.focus();
    };
    if (event.key === "ArrowDown" || event.key === "ArrowRight") go(at + 1);
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") go(at - 1);
    else if (event.key === "Home") go(0);
    else if (event.key === "End") go(all.length - 1);
  }

  return (
    <div className="space-y-4">
      <div>
        <label htmlFor="service-search" className="block text-sm font-medium text-slate-900">Find a service</label>
        <input
          ref={box}
          id="service-search"
          type="search"
          autoFocus
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onBoxKey}
          aria-controls={ids.list}
          aria-describedby={ids.status}
          placeholder="Stripe, OpenAI, Slack…"
          maxLength={100}
          className={`${inputClass} mt-1 w-full sm:max-w-md`}
        />
        <p id={ids.status} role="status" className="mt-1 text-xs text-slate-600">
          {matches.length === 0 ? "No service matches. Choose Custom API for any other." : `${matches.length} ${matches.length === 1 ? "service" : "services"}`}
        </p>
      </div>
      <ul id={ids.list} ref={list} aria-label="Services" onKeyDown={onListKey} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {matches.map((s) => (
          <li key={s.id}>
            <Link
              href={s.id === CUSTOM_API_ID ? "/settings/credentials/new" : `/settings/credentials/new?service=${s.id}`}
              className="flex h-full items-start gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 hover:bg-slate-50 hover:ring-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <ServiceMonogram initials={s.initials} />
              <span className="min-w-0">
                <span className="block font-medium text-slate-900">{s.name}</span>
                <span className="block text-sm text-slate-600">{s.summary}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {matches.length === 0 && (
        <Link href="/settings/credentials/new" className="inline-block text-sm font-medium text-indigo-600 hover:underline">Connect a Custom API</Link>
      )}
    </div>
  );
}
