import type { Resource } from "@/lib/plans/limits";

/** Each limit's name in the admin pages (a plain module: the server page and the client dialog both read it). */
export const RESOURCE_LABELS: Record<Resource, string> = { keys: "Active API keys", credentials: "Stored credentials", webhooks: "Webhooks", members: "Members" };
