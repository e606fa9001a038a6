import { z } from "zod";
import { SERVICE_IDS } from "@/lib/credentials/catalogue";
import { searchSchema } from "./keys";

/**
 * The credentials list's URL (?service=stripe&q=prod): anything unknown falls back to the
 * whole list rather than an error page, like the keys list's parameters.
 */
export const credentialListSchema = z
  .object({
    q: searchSchema,
    service: z.enum(["all", ...SERVICE_IDS]).catch("all"),
  })
  .transform(({ q, service }) => ({ query: q, service }));

export type CredentialListOptions = z.output<typeof credentialListSchema>;

/** The list's URL for a state, dropping defaults so links stay short. */
export function credentialListUrl(state: CredentialListOptions, change: Partial<CredentialListOptions> = {}) {
  const next = { ...state, ...change };
  const params = new URLSearchParams();
  if (next.service !== "all") params.set("service", next.service);
  if (next.query) params.set("q", next.query);
  const query = params.toString();
  return `/settings/credentials${query ? `?${query}` : ""}`;
}
