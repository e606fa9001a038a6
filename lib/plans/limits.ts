/**
 * Plans and their limits, as pure logic (no I/O): lib/dal/plans.ts reads the rows and calls
 * these. A limit is a number of items, or null for unlimited.
 */

export const PLAN_IDS = ["default", "starter", "lite", "plus", "agency"] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const isPlanId = (value: unknown): value is PlanId => typeof value === "string" && (PLAN_IDS as readonly string[]).includes(value);

/** The things a plan limits. "keys" are active API keys (not revoked, not expired). */
export const RESOURCES = ["keys", "credentials", "webhooks", "members"] as const;
export type Resource = (typeof RESOURCES)[number];

export type Limits = Record<Resource, number | null>;
/** Per-workspace overrides: null means the plan's limit applies. */
export type Overrides = Record<Resource, number | null>;

/** The limits of the "default" plan that the environment sets (MAX_ACTIVE_KEYS, ...). */
export const ENV_MANAGED: readonly Resource[] = ["keys", "credentials", "webhooks"];
export type EnvLimits = { keys: number; credentials: number; webhooks: number };

/**
 * What a plan row allows. The "default" plan keeps the instance's limits from before plans
 * existed: its active keys, credentials and webhooks come from MAX_ACTIVE_KEYS, MAX_CREDENTIALS
 * and MAX_WEBHOOKS every time (its columns are null and never read, so changing the variable
 * and restarting changes the plan, as it always did); its members limit is its own column
 * (null: unlimited). Every other plan's columns are its limits, null meaning unlimited.
 */
export function planLimits(planId: string, stored: Limits, fromEnv: EnvLimits): Limits {
  if (planId !== "default") return stored;
  return { keys: fromEnv.keys, credentials: fromEnv.credentials, webhooks: fromEnv.webhooks, members: stored.members };
}

/** A workspace's limits: each override, where one is set, beats the plan's limit. */
export function effectiveLimits(plan: Limits, overrides: Overrides): Limits {
  const out = {} as Limits;
  for (const resource of RESOURCES) out[resource] = overrides[resource] ?? plan[resource];
  return out;
}

/** Whether one more item fits: `used` now, under `limit` (null: always). */
export const hasRoomFor = (used: number, limit: number | null, adding = 1) => limit === null || used + adding <= limit;

export type Quota = {
  used: number;
  limit: number | null;
  planName: string;
  /** At the limit or over it: nothing new may be added. */
  full: boolean;
  /** Over the limit (the plan was lowered below what exists): nothing is removed, nothing added. */
  over: boolean;
};

export const quotaOf = (used: number, limit: number | null, planName: string): Quota => ({
  used,
  limit,
  planName,
  full: limit !== null && used >= limit,
  over: limit !== null && used > limit,
});

/** The sentence every refusal at a limit ends with, in the dashboard and the API. */
export const PLAN_LIMIT_ADVICE = "Delete an unused one, or ask your administrator for a larger plan.";
/** People are removed, not deleted; pending invitations hold places too. */
export const MEMBER_LIMIT_ADVICE = "Remove someone who no longer needs access or revoke a pending invitation, or ask your administrator for a larger plan.";
export const limitAdvice = (resource: Resource) => (resource === "members" ? MEMBER_LIMIT_ADVICE : PLAN_LIMIT_ADVICE);

const NOUNS: Record<Resource, [string, string]> = {
  keys: ["active key", "active keys"],
  credentials: ["credential", "credentials"],
  webhooks: ["webhook", "webhooks"],
  members: ["member", "members"],
};
/** What each quota bar counts, as the bar says it ("3 of 5 keys"). */
export const QUOTA_NOUNS: Record<Resource, { one: string; many: string }> = {
  keys: { one: "key", many: "keys" },
  credentials: { one: "credential", many: "credentials" },
  webhooks: { one: "webhook", many: "webhooks" },
  members: { one: "member", many: "members" },
};
export const countOf = (n: number, resource: Resource) => `${n} ${NOUNS[resource][n === 1 ? 0 : 1]}`;

/** "This workspace has reached its limit of 5 active keys (Lite plan). Delete an unused one, ..." */
export const limitReachedText = (resource: Resource, limit: number, planName: string) =>
  `This workspace has reached its limit of ${countOf(limit, resource)} (${planName} plan). ${limitAdvice(resource)}`;

/**
 * What a quota bar says: "3 of 5 keys · Lite", "7 of 5: over the plan's limit · Lite", or
 * without a limit "3 keys · Agency".
 */
export function quotaText(quota: Quota, noun: { one: string; many: string }): string {
  const things = (n: number) => `${n} ${n === 1 ? noun.one : noun.many}`;
  if (quota.limit === null) return `${things(quota.used)} · ${quota.planName}`;
  if (quota.over) return `${quota.used} of ${quota.limit}: over the plan's limit · ${quota.planName}`;
  return `${quota.used} of ${things(quota.limit)} · ${quota.planName}`;
}
