import "server-only";
import { CUSTOM_API_ID } from "@/lib/credentials/catalogue";
import type { Viewer } from "@/lib/viewer";
import { listCredentials, type CredentialDTO } from "./credentials";

export type CredentialListFilter = { service: string; query: string };

export type CredentialSearch = {
  credentials: CredentialDTO[];
  /** Every credential the viewer may see, per service id (CUSTOM_API_ID for none): the filter's counts. */
  counts: Map<string, number>;
  /** How many the viewer may see in all, whatever the filter. */
  total: number;
};

const fold = (text: string) => text.normalize("NFC").toLocaleLowerCase("en");

/**
 * The credentials list, filtered by service ("all", a catalogue id, or CUSTOM_API_ID for the
 * ones without a service) and by a case-folded substring of the name. Built on listCredentials,
 * so it shows exactly what the viewer may see and the counts never reveal any other row.
 *
 * The name match runs here rather than in SQL: case folding then works the same for every
 * script on SQLite (whose LIKE folds ASCII only) and PostgreSQL, and a workspace holds at most
 * MAX_CREDENTIALS rows, so reading them all costs what the unfiltered page already costs.
 */
export async function searchCredentials(viewer: Viewer, filter: CredentialListFilter): Promise<CredentialSearch> {
  const all = await listCredentials(viewer);
  const counts = new Map<string, number>();
  for (const c of all) counts.set(c.service ?? CUSTOM_API_ID, (counts.get(c.service ?? CUSTOM_API_ID) ?? 0) + 1);
  const query = fold(filter.query);
  const credentials = all.filter(
    (c) => (filter.service === "all" || (c.service ?? CUSTOM_API_ID) === filter.service) && (!query || fold(c.name).includes(query)),
  );
  return { credentials, counts, total: all.length };
}
