import { defaultDirection, type KeyListOptions, type KeyOwnerFilter, type KeySort } from "@/lib/validation/keys";

/** The list's URL for the given state, dropping defaults so links stay short and shareable. */
export function listUrl(state: KeyListOptions, change: Partial<{ sort: KeySort; direction: "asc" | "desc"; page: number; revokedPage: number; actsAs: KeyOwnerFilter }>) {
  const sort = change.sort ?? state.sort;
  // A new sort column starts in its natural direction unless one is asked for.
  const direction = change.direction ?? (sort === state.sort ? state.direction : defaultDirection(sort));
  const next = { ...state, ...change, sort, direction };
  const params = new URLSearchParams();
  if (next.query) params.set("q", next.query);
  if (next.actsAs !== "all") params.set("acts", next.actsAs);
  if (next.sort !== "created") params.set("sort", next.sort);
  if (next.direction !== defaultDirection(sort)) params.set("dir", next.direction);
  if (next.page > 1) params.set("page", String(next.page));
  if (next.revokedPage > 1) params.set("rpage", String(next.revokedPage));
  const query = params.toString();
  return `/settings/api-keys${query ? `?${query}` : ""}`;
}
