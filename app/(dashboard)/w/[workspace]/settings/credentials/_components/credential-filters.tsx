import Link from "@/components/workspace/link";
import Form from "@/components/workspace/form";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { CUSTOM_API_ID, SERVICES } from "@/lib/credentials/catalogue";
import { credentialListUrl, type CredentialListOptions } from "@/lib/validation/credential-list";
import { SEARCH_MAX } from "@/lib/validation/keys";

/**
 * Search by name and filter by service, both in the URL (?q=&service=) like the keys list: a
 * filtered list can be bookmarked and shared, and it works before any JavaScript has loaded.
 * The filter lists All and every service the viewer has a credential for, with its count; the
 * chosen one stays listed (with 0) so the way back is always on screen.
 */
export function CredentialFilters({ state, counts, total }: { state: CredentialListOptions; counts: Map<string, number>; total: number }) {
  const shown = SERVICES.filter((s) => (counts.get(s.id) ?? 0) > 0 || s.id === state.service);
  const options = [{ id: "all", name: "All", count: total }, ...shown.map((s) => ({ id: s.id, name: s.name, count: counts.get(s.id) ?? 0 }))];
  return (
    <div className="space-y-3">
      <Form role="search" action="/settings/credentials" className="flex flex-wrap gap-2 sm:flex-nowrap">
        <label htmlFor="credential-q" className="sr-only">Search credentials by name</label>
        <input
          key={state.query}
          id="credential-q"
          name="q"
          type="search"
          defaultValue={state.query}
          maxLength={SEARCH_MAX}
          placeholder="Search by name"
          className={`${inputClass} min-w-0 flex-1 max-sm:basis-full`}
        />
        {state.service !== "all" && <input type="hidden" name="service" value={state.service} />}
        <button type="submit" className={buttonClass("secondary")}>Search</button>
        <ButtonLink href={credentialListUrl(state, { query: "" })} variant="ghost" aria-disabled={!state.query}>Clear</ButtonLink>
      </Form>
      <nav aria-label="Filter credentials by service" className="flex flex-wrap gap-1 rounded-md bg-slate-100 p-1 text-sm sm:inline-flex">
        {options.map((o) => (
          <Link
            key={o.id}
            href={credentialListUrl(state, { service: o.id as CredentialListOptions["service"] })}
            aria-current={state.service === o.id ? "page" : undefined}
            className={
              state.service === o.id
                ? "rounded bg-white px-3 py-1 font-medium text-slate-900 shadow-sm"
                : "rounded px-3 py-1 text-slate-700 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
            }
          >
            {o.name} <span className="text-slate-600">{o.count}</span>
          </Link>
        ))}
      </nav>
    </div>
  );
}

/** The empty state's words when a filter or search leaves nothing. */
export function noMatchTitle(state: CredentialListOptions) {
  const service = SERVICES.find((s) => s.id === state.service);
  const where = state.service === "all" ? "" : state.service === CUSTOM_API_ID ? " among Custom APIs" : ` for ${service?.name ?? "this service"}`;
  return state.query ? `No credential${where} matches “${state.query}”` : `No credentials${where}`;
}
