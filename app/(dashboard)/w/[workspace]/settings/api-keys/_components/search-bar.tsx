import Form from "@/components/workspace/form";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { defaultDirection, SEARCH_MAX, type KeyListOptions } from "@/lib/validation/keys";

/**
 * A GET form: the search lives in the URL (?q=), so it can be bookmarked and shared, and it
 * works before any JavaScript has loaded (next/form adds client-side navigation on top).
 */
export function SearchBar({ state }: { state: KeyListOptions }) {
  const query = state.query;
  return (
    <Form role="search" action="/settings/api-keys" className="flex flex-wrap gap-2 sm:flex-nowrap">
      <label htmlFor="q" className="sr-only">
        Search keys
      </label>
      {/* Keyed by the query: after Clear (or Back) the box shows the URL's search, not the old text. */}
      <input
        key={query}
        id="q"
        name="q"
        type="search"
        defaultValue={query}
        maxLength={SEARCH_MAX}
        placeholder="Search by name, description, sid or prefix"
        className={`${inputClass} min-w-0 flex-1 max-sm:basis-full`}
      />
      {/* A new search keeps the chosen order and starts at the first page. */}
      {state.actsAs !== "all" && <input type="hidden" name="acts" value={state.actsAs} />}
      {state.sort !== "created" && <input type="hidden" name="sort" value={state.sort} />}
      {state.direction !== defaultDirection(state.sort) && <input type="hidden" name="dir" value={state.direction} />}
      <button type="submit" className={buttonClass("secondary")}>
        Search
      </button>
      <ButtonLink href="/settings/api-keys" variant="ghost" aria-disabled={!query}>
        Clear
      </ButtonLink>
    </Form>
  );
}
