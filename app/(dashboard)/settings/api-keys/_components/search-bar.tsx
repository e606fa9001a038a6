import Form from "next/form";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { SEARCH_MAX } from "@/lib/validation/keys";

/**
 * A GET form: the search lives in the URL (?q=), so it can be bookmarked and shared, and it
 * works before any JavaScript has loaded (next/form adds client-side navigation on top).
 */
export function SearchBar({ query }: { query: string }) {
  return (
    <Form role="search" action="/settings/api-keys" className="flex gap-2">
      <label htmlFor="q" className="sr-only">
        Search keys
      </label>
      <input
        id="q"
        name="q"
        type="search"
        defaultValue={query}
        maxLength={SEARCH_MAX}
        placeholder="Search by name, description, sid or prefix"
        className={inputClass}
      />
      <button type="submit" className={buttonClass("secondary")}>
        Search
      </button>
      <ButtonLink href="/settings/api-keys" variant="ghost" aria-disabled={!query}>
        Clear
      </ButtonLink>
    </Form>
  );
}
