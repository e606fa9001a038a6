import { z } from "zod";
import { SID_PATTERN } from "@/lib/keys/format";
import { PERMISSIONS, type Permission } from "@/lib/keys/permissions";
import { text } from "./text";

export const KEY_NAME_MAX = 64;
export const KEY_DESCRIPTION_MAX = 200;
export const EXPIRY_PRESETS = ["7", "30", "90"] as const;
export const SEARCH_MAX = 100;

const DAY_MS = 86_400_000;

export const tooManyCreationsMessage = (retryAfterSeconds: number) =>
  `You have created or rolled too many keys in the last hour. Try again in ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} minute${retryAfterSeconds > 60 ? "s" : ""}.`;

export const sidSchema = z.string().regex(SID_PATTERN, "That key does not exist.");

/** A search as it is matched: under the text rule (NFC, so it finds what the list shows). */
export const searchTextSchema = text({ label: "Search", max: SEARCH_MAX });

/** The list page's search box: text the rule refuses is no search at all. */
export const searchSchema = searchTextSchema.catch("");

export const KEY_SORTS = ["created", "name", "expiry", "last_used"] as const;
export type KeySort = (typeof KEY_SORTS)[number];

/** Names read best A-Z and expiry soonest first; created and last used, newest first. */
export const defaultDirection = (sort: KeySort): "asc" | "desc" => (sort === "name" || sort === "expiry" ? "asc" : "desc");

/** A 1-based page number from a URL; anything else is page 1. */
export const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** The list's "Acts as" filter: every key, service keys only, or the viewer's own member keys. */
export const KEY_OWNER_FILTERS = ["all", "service", "mine"] as const;
export type KeyOwnerFilter = (typeof KEY_OWNER_FILTERS)[number];

/** The list's URL state (?q=&sort=&dir=&page=&rpage=&acts=). Anything unexpected falls back to the default. */
export const keyListSchema = z
  .object({
    q: searchSchema,
    acts: z.enum(KEY_OWNER_FILTERS).catch("all"),
    sort: z.enum(KEY_SORTS).catch("created"),
    dir: z.enum(["asc", "desc"]).optional().catch(undefined),
    page: pageSchema,
    rpage: pageSchema,
  })
  .transform(({ q, acts, sort, dir, page, rpage }) => ({
    query: q,
    actsAs: acts,
    sort,
    direction: dir ?? defaultDirection(sort),
    page,
    revokedPage: rpage,
  }));

export type KeyListOptions = z.output<typeof keyListSchema>;

export const GRACE_PERIODS = { now: 0, "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;
export const graceSchema = z.enum(Object.keys(GRACE_PERIODS) as [GracePeriod, ...GracePeriod[]], "Choose how long the old secret keeps working.");

/** "YYYY-MM-DD" as the last millisecond of that day in UTC. */
function endOfUtcDay(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (day.toISOString().slice(0, 10) !== date) return null; // 2026-02-31 and friends
  return new Date(day.getTime() + DAY_MS - 1);
}

export const RATE_LIMIT_MAX = 100_000;

/** Requests per minute for one key; null or absent means no per-key limit. */
export const rateLimitSchema = z
  .number("Enter a whole number of requests per minute.")
  .int("Enter a whole number of requests per minute.")
  .min(1, "The limit must be at least 1 request per minute.")
  .max(RATE_LIMIT_MAX, `The limit can be at most ${RATE_LIMIT_MAX.toLocaleString("en")} requests per minute.`)
  .nullable()
  .optional()
  .describe("Requests per minute; null for no per-key limit.");

export const keyNameSchema = text({ label: "Name", max: KEY_NAME_MAX, required: "Enter a name for the key." });
export const keyDescriptionSchema = text({ label: "Description", max: KEY_DESCRIPTION_MAX, multiline: true });

/** Name and description: the same rules at creation and on edit, in the dashboard and the API. */
export const keyDetailsSchema = z.object({
  name: keyNameSchema,
  description: keyDescriptionSchema.default(""),
});

/** The create form and POST /api/v1/keys body (the OpenAPI document is generated from it). */
export const createKeyBodySchema = keyDetailsSchema.extend({
  expiry: z.enum([...EXPIRY_PRESETS, "custom", "never"], "Choose when the key expires."),
  expiresOn: z.string().trim().optional(),
  permission: z.enum(PERMISSIONS, "Choose Read, Write or Read/Write.").default("read"),
  rateLimitPerMinute: rateLimitSchema,
});

export type CreateKeyField = keyof z.input<typeof createKeyBodySchema>;
/**
 * What a key acts as (the dashboard's "Acts as"): "me" (a member key of its creator), "workspace"
 * (a service key), or another member's user id (a member key for them; Admins and Owners, for
 * members whose role is not above their own). Not part of the API body: a key always creates
 * keys that act as what it acts as itself.
 */
export const actsAsSchema = z.union([z.enum(["me", "workspace"]), z.string().regex(/^[a-z0-9]{20,40}$/)], "Choose what the key acts as.");
export type ActsAs = z.infer<typeof actsAsSchema>;

export type CreateKeyInput = { name: string; description: string; expiresAt: Date | null; permission: Permission; rateLimitPerMinute: number | null; actsAs?: ActsAs };
export type ParseResult<T, F extends string> = { ok: true; data: T } | { ok: false; fieldErrors: Partial<Record<F, string>> };

/** The custom expiry date's own check, independent of the other fields. */
function customExpiry(expiresOn: unknown, now: Date): { date: Date } | { error: string } {
  const date = typeof expiresOn === "string" ? endOfUtcDay(expiresOn.trim()) : null;
  if (!date) return { error: "Enter a date as YYYY-MM-DD." };
  if (date.getTime() <= now.getTime()) return { error: "The expiry date must be in the future." };
  if (date.getTime() > now.getTime() + 10 * 365 * DAY_MS) return { error: "Choose a date within the next 10 years." };
  return { date };
}

/**
 * The Add API Key form: `expiry` is a preset number of days, "custom" with `expiresOn`, or
 * "never". Every field is checked, so all errors show at once; the result carries the
 * absolute expiry (or null). `now` is injectable for tests.
 */
export function parseCreateKey(input: unknown, now: Date = new Date()): ParseResult<CreateKeyInput, CreateKeyField> {
  const parsed = createKeyBodySchema.safeParse(input);
  const fieldErrors: Partial<Record<CreateKeyField, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as CreateKeyField;
      fieldErrors[field] ??= issue.message;
    }
  }
  const raw = (input ?? {}) as { expiry?: unknown; expiresOn?: unknown };
  const custom = raw.expiry === "custom" ? customExpiry(raw.expiresOn, now) : null;
  if (custom && "error" in custom) fieldErrors.expiresOn = custom.error;
  if (!parsed.success || (custom && "error" in custom)) return { ok: false, fieldErrors };

  const { name, description, expiry, permission, rateLimitPerMinute = null } = parsed.data;
  const expiresAt = custom && "date" in custom ? custom.date : expiry === "never" ? null : new Date(now.getTime() + Number(expiry) * DAY_MS);
  return { ok: true, data: { name, description, expiresAt, permission, rateLimitPerMinute } };
}

/** The security log's URL state (?key=&page=). */
export const securityLogSchema = z.object({
  key: sidSchema.optional().catch(undefined),
  /** A member's user id (Admins and Owners filter by person). */
  member: z.string().regex(/^[a-z0-9]{20,40}$/).optional().catch(undefined),
  page: pageSchema,
});
