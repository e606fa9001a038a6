import "server-only";
import { db, type Db } from "@/lib/db";
import { env } from "@/lib/env";
import { effectiveLimits, limitReachedText, planLimits, quotaOf, RESOURCES, type Limits, type Overrides, type Quota, type Resource } from "@/lib/plans/limits";
import type { Viewer } from "@/lib/viewer";
import type { Tx } from "./workspace-lock";

// Plans (docs/plans.md): a workspace's limits are its plan's, each beaten by the workspace's
// override where an instance admin set one. Every create that adds a limited thing reads them
// inside its transaction, after the workspace lock (lib/dal/workspace-lock.ts), so a plan or
// override change and a burst of creates cannot let more through than the limit they commit
// under. Lowering a limit below what exists changes nothing that exists: only new items wait.

/** db() or a transaction: whatever reads the workspace and its plan. */
type Reader = Pick<Db, "workspace" | "apiKey" | "credential" | "webhook" | "membership" | "invitation">;

export const planSelect = { id: true, name: true, maxActiveKeys: true, maxCredentials: true, maxWebhooks: true, maxMembers: true, sortOrder: true } as const;
export type PlanRow = { id: string; name: string; maxActiveKeys: number | null; maxCredentials: number | null; maxWebhooks: number | null; maxMembers: number | null };

export const storedLimits = (row: PlanRow): Limits => ({ keys: row.maxActiveKeys, credentials: row.maxCredentials, webhooks: row.maxWebhooks, members: row.maxMembers });
const envLimits = () => ({ keys: env().MAX_ACTIVE_KEYS, credentials: env().MAX_CREDENTIALS, webhooks: env().MAX_WEBHOOKS });
/** A plan's limits as they apply: the "default" plan's env-managed ones from the environment. */
export const limitsOfPlan = (row: PlanRow): Limits => planLimits(row.id, storedLimits(row), envLimits());

export const overrideSelect = { maxActiveKeysOverride: true, maxCredentialsOverride: true, maxWebhooksOverride: true, maxMembersOverride: true } as const;
export type OverrideRow = { maxActiveKeysOverride: number | null; maxCredentialsOverride: number | null; maxWebhooksOverride: number | null; maxMembersOverride: number | null };
export const overridesOf = (row: OverrideRow): Overrides => ({
  keys: row.maxActiveKeysOverride,
  credentials: row.maxCredentialsOverride,
  webhooks: row.maxWebhooksOverride,
  members: row.maxMembersOverride,
});

export type WorkspaceLimits = { planId: string; planName: string; limits: Limits; planLimits: Limits; overrides: Overrides };

async function limitsIn(reader: Reader, workspaceId: string): Promise<WorkspaceLimits | null> {
  const row = await reader.workspace.findUnique({ where: { id: workspaceId }, select: { ...overrideSelect, plan: { select: planSelect } } });
  if (!row) return null;
  const plan = limitsOfPlan(row.plan);
  const overrides = overridesOf(row);
  return { planId: row.plan.id, planName: row.plan.name, limits: effectiveLimits(plan, overrides), planLimits: plan, overrides };
}

/** The workspace's plan, its limits (plan + overrides), or null when there is no such workspace. */
export const workspaceLimits = (workspaceId: string) => limitsIn(db(), workspaceId);

/**
 * One limit, read in the caller's transaction after its workspace lock. Throws for a workspace
 * that does not exist: the lock before it would already have failed.
 */
export async function limitIn(tx: Tx, workspaceId: string, resource: Resource): Promise<{ limit: number | null; planName: string }> {
  const found = await limitsIn(tx, workspaceId);
  if (!found) throw new Error("plans: the workspace does not exist");
  return { limit: found.limits[resource], planName: found.planName };
}

/** Active = not revoked and not expired (lib/dal/keys.ts activeWhere, by workspace id). */
const activeKeysWhere = (workspaceId: string, now: Date) => ({ workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

/**
 * Who counts against the members limit: members, and pending invitations that still work.
 * Pending ones count so that a 5-member plan cannot hand out 30 links at once; accepting one
 * needs only a free seat among members (the invitation was counted already), and an expired
 * or revoked invitation frees its seat. `exceptEmail`: the address being invited again (its
 * old invitation is revoked by the same change, so it does not count twice).
 */
export async function seatsIn(reader: Reader, workspaceId: string, now: Date, exceptEmail?: string) {
  const [members, invited] = await Promise.all([
    reader.membership.count({ where: { workspaceId } }),
    reader.invitation.count({ where: { workspaceId, status: "pending", expiresAt: { gt: now }, ...(exceptEmail === undefined ? {} : { email: { not: exceptEmail } }) } }),
  ]);
  return { members, invited };
}

export type Usage = Record<Resource, number> & { invited: number };

/** What the workspace holds of each limited thing; members counts pending invitations too. */
export async function usageIn(reader: Reader, workspaceId: string, now = new Date()): Promise<Usage> {
  const [keys, credentials, webhooks, seats] = await Promise.all([
    reader.apiKey.count({ where: activeKeysWhere(workspaceId, now) }),
    reader.credential.count({ where: { workspaceId } }),
    reader.webhook.count({ where: { workspaceId } }),
    seatsIn(reader, workspaceId, now),
  ]);
  return { keys, credentials, webhooks, members: seats.members + seats.invited, invited: seats.invited };
}

export type WorkspaceQuota = Record<Resource, Quota> & { planId: string; planName: string; invited: number };

export function quotasOf(limits: WorkspaceLimits, usage: Usage): WorkspaceQuota {
  const quota = {} as Record<Resource, Quota>;
  for (const resource of RESOURCES) quota[resource] = quotaOf(usage[resource], limits.limits[resource], limits.planName);
  return { ...quota, planId: limits.planId, planName: limits.planName, invited: usage.invited };
}

/**
 * The viewer's workspace against its limits, for the quota bars: every role sees the counts
 * (not what is counted), like the lists they head.
 */
export async function workspaceQuota(viewer: Viewer): Promise<WorkspaceQuota> {
  const [limits, usage] = await Promise.all([workspaceLimits(viewer.workspace.id), usageIn(db(), viewer.workspace.id)]);
  if (!limits) throw new Error("plans: the viewer's workspace does not exist");
  return quotasOf(limits, usage);
}

/** The refusal at a limit, with the number and the plan as they are now. */
export async function limitReachedMessage(viewer: Viewer, resource: Resource): Promise<string> {
  const limits = await workspaceLimits(viewer.workspace.id);
  const limit = limits?.limits[resource];
  return limitReachedText(resource, limit ?? 0, limits?.planName ?? "current");
}
