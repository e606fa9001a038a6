import "server-only";
import { db } from "@/lib/db";
import { effectiveLimits, ENV_MANAGED, RESOURCES, type Limits, type Overrides, type Resource } from "@/lib/plans/limits";
import { adminActorSchema, overridesSchema, planIdSchema, planLimitsSchema, workspaceIdSchema, type AdminActor } from "@/lib/validation/plans";
import { writeAuditEvent, type AuditActor } from "./audit";
import { limitsOfPlan, overrideSelect, overridesOf, planSelect, quotasOf, usageIn, workspaceLimits, type Usage, type WorkspaceQuota } from "./plans";
import { LOCKED_TX, lockWorkspace, type Tx } from "./workspace-lock";

// The instance admin's side of plans. The CALLER must have checked that `actor` is an instance
// admin (and re-authenticated them) before calling any of these: they check nothing about who
// acts, only what is asked (zod), so they must never be reachable from a workspace page. They
// never read or return anything secret: names, numbers and counts.

type Refused<R extends string> = { ok: false; reason: R };
/**
 * Called inside the change's own transaction with what was changed: the instance admin's audit
 * row (lib/dal/instance-admin.ts) is written there, so the change and its record stand or fall together.
 */
export type Recorder<F> = (tx: Tx, facts: F) => Promise<void>;
export type ChangedWorkspace = { id: string; name: string; slug: string };
const refuse = <R extends string>(reason: R): Refused<R> => ({ ok: false, reason });

const COLUMNS: Record<Resource, "maxActiveKeys" | "maxCredentials" | "maxWebhooks" | "maxMembers"> = {
  keys: "maxActiveKeys",
  credentials: "maxCredentials",
  webhooks: "maxWebhooks",
  members: "maxMembers",
};

export type PlanDTO = {
  id: string;
  name: string;
  /** As they apply now (the default plan's env-managed limits from the environment); null = unlimited. */
  limits: Limits;
  /** Limits set by MAX_ACTIVE_KEYS, MAX_CREDENTIALS, MAX_WEBHOOKS, not editable here (the default plan's). */
  envManaged: Resource[];
  workspaces: number;
};

/** Every plan in its order, with how many workspaces are on it. */
export async function listPlans(): Promise<PlanDTO[]> {
  const [plans, counts] = await Promise.all([
    db().plan.findMany({ orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: planSelect }),
    db().workspace.groupBy({ by: ["planId"], _count: { _all: true } }),
  ]);
  const onPlan = new Map(counts.map((c) => [c.planId, c._count._all]));
  return plans.map((plan) => ({
    id: plan.id,
    name: plan.name,
    limits: limitsOfPlan(plan),
    envManaged: plan.id === "default" ? [...ENV_MANAGED] : [],
    workspaces: onPlan.get(plan.id) ?? 0,
  }));
}

const overLimits = (limits: Limits, usage: Usage): Resource[] => RESOURCES.filter((r) => limits[r] !== null && usage[r] > limits[r]!);

/** Each workspace on `planId` with its overrides and usage, read in one pass per resource. */
async function workspacesOnPlan(client: Tx, planId: string) {
  const now = new Date();
  const workspaces = await client.workspace.findMany({ where: { planId }, select: { id: true, ...overrideSelect } });
  const ids = workspaces.map((w) => w.id);
  const inIds = { workspaceId: { in: ids } };
  const [keys, credentials, webhooks, members, invited] = await Promise.all([
    client.apiKey.groupBy({ by: ["workspaceId"], where: { ...inIds, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, _count: { _all: true } }),
    client.credential.groupBy({ by: ["workspaceId"], where: inIds, _count: { _all: true } }),
    client.webhook.groupBy({ by: ["workspaceId"], where: inIds, _count: { _all: true } }),
    client.membership.groupBy({ by: ["workspaceId"], where: inIds, _count: { _all: true } }),
    client.invitation.groupBy({ by: ["workspaceId"], where: { ...inIds, status: "pending", expiresAt: { gt: now } }, _count: { _all: true } }),
  ]);
  const count = (rows: Array<{ workspaceId: string; _count: { _all: number } }>) => new Map(rows.map((r) => [r.workspaceId, r._count._all]));
  const [k, c, w, m, i] = [count(keys), count(credentials), count(webhooks), count(members), count(invited)];
  return workspaces.map((ws) => {
    const usage: Usage = { keys: k.get(ws.id) ?? 0, credentials: c.get(ws.id) ?? 0, webhooks: w.get(ws.id) ?? 0, members: (m.get(ws.id) ?? 0) + (i.get(ws.id) ?? 0), invited: i.get(ws.id) ?? 0 };
    return { id: ws.id, overrides: overridesOf(ws), usage };
  });
}

export type UpdatePlanResult = { ok: true; plan: PlanDTO; putOver: number; over: number } | Refused<"invalid" | "not_found" | "env_managed">;

/**
 * Changes a plan's limits (a field left out keeps its value; null is unlimited). Answers how
 * many workspaces the change puts over a limit they were within (`putOver`), and how many are
 * over any limit after it (`over`). Nothing is revoked or deleted: over a limit, a workspace
 * only cannot add more. The default plan's key, credential and webhook limits belong to the
 * environment ("env_managed").
 */
export async function updatePlanLimits(actor: AdminActor, planId: string, limits: unknown, record?: Recorder<{ name: string; putOver: number; over: number }>): Promise<UpdatePlanResult> {
  const who = adminActorSchema.safeParse(actor);
  const id = planIdSchema.safeParse(planId);
  const input = planLimitsSchema.safeParse(limits);
  if (!who.success || !id.success || !input.success) return refuse("invalid");
  if (id.data === "default" && ENV_MANAGED.some((r) => input.data[r] !== undefined)) return refuse("env_managed");
  const data: Partial<Record<(typeof COLUMNS)[Resource], number | null>> = {};
  for (const r of RESOURCES) if (input.data[r] !== undefined) data[COLUMNS[r]] = input.data[r];
  const counted = await db().$transaction(async (tx) => {
    const before = await tx.plan.findUnique({ where: { id: id.data }, select: planSelect });
    if (!before) return null;
    const after = await tx.plan.update({ where: { id: id.data }, data, select: planSelect });
    const [oldLimits, newLimits] = [limitsOfPlan(before), limitsOfPlan(after)];
    let putOver = 0;
    let over = 0;
    for (const ws of await workspacesOnPlan(tx, id.data)) {
      const nowOver = overLimits(effectiveLimits(newLimits, ws.overrides), ws.usage).length > 0;
      const wasOver = overLimits(effectiveLimits(oldLimits, ws.overrides), ws.usage).length > 0;
      if (nowOver) over++;
      if (nowOver && !wasOver) putOver++;
    }
    await record?.(tx, { name: after.name, putOver, over });
    return { putOver, over };
  }, LOCKED_TX);
  if (!counted) return refuse("not_found");
  const plan = (await listPlans()).find((p) => p.id === id.data)!;
  return { ok: true, plan, ...counted };
}

const adminAuditActor = (actor: AdminActor, workspaceId: string): AuditActor => ({
  workspaceId,
  person: { id: actor.id, name: actor.name, email: actor.email },
  type: "session",
  keySid: null,
  ip: actor.ip ?? null,
});

const describe = (limits: Limits) => RESOURCES.map((r) => `${r} ${limits[r] ?? "unlimited"}`).join(", ");

export type WorkspacePlanResult = { ok: true; usage: WorkspaceUsage } | Refused<"invalid" | "not_found">;

/**
 * Moves a workspace to another plan, under its lock (so it lands between creates, never in the
 * middle of one), and says so in the workspace's security log. Overrides stay.
 */
export async function setWorkspacePlan(actor: AdminActor, workspaceId: string, planId: string, record?: Recorder<{ workspace: ChangedWorkspace; plan: string }>): Promise<WorkspacePlanResult> {
  const who = adminActorSchema.safeParse(actor);
  const ws = workspaceIdSchema.safeParse(workspaceId);
  const id = planIdSchema.safeParse(planId);
  if (!who.success || !ws.success || !id.success) return refuse("invalid");
  const done = await db().$transaction(async (tx) => {
    const exists = await tx.workspace.findUnique({ where: { id: ws.data }, select: { id: true, name: true, slug: true } });
    const plan = await tx.plan.findUnique({ where: { id: id.data }, select: { name: true } });
    if (!exists || !plan) return false;
    await lockWorkspace(tx, { id: ws.data });
    // Read after the lock: the plan it had just before this change, whatever ran in between.
    const before = await tx.workspace.findUniqueOrThrow({ where: { id: ws.data }, select: { plan: { select: { name: true } } } });
    await tx.workspace.update({ where: { id: ws.data }, data: { planId: id.data }, select: { id: true } });
    if (before.plan.name !== plan.name) await writeAuditEvent(tx, adminAuditActor(who.data, ws.data), "plan_changed", { detail: `Plan ${before.plan.name} → ${plan.name}, by an instance admin` });
    await record?.(tx, { workspace: exists, plan: plan.name });
    return true;
  }, LOCKED_TX);
  if (!done) return refuse("not_found");
  return { ok: true, usage: (await workspaceUsage(ws.data))! };
}

/** Sets or clears (null) per-workspace overrides; a field left out keeps its value. */
export async function setWorkspaceOverrides(actor: AdminActor, workspaceId: string, overrides: unknown, record?: Recorder<{ workspace: ChangedWorkspace; overrides: Overrides }>): Promise<WorkspacePlanResult> {
  const who = adminActorSchema.safeParse(actor);
  const ws = workspaceIdSchema.safeParse(workspaceId);
  const input = overridesSchema.safeParse(overrides);
  if (!who.success || !ws.success || !input.success) return refuse("invalid");
  const data: Partial<Record<keyof typeof overrideSelect, number | null>> = {};
  for (const r of RESOURCES) if (input.data[r] !== undefined) data[`${COLUMNS[r]}Override`] = input.data[r];
  const done = await db().$transaction(async (tx) => {
    const exists = await tx.workspace.findUnique({ where: { id: ws.data }, select: { id: true, name: true, slug: true } });
    if (!exists) return false;
    await lockWorkspace(tx, { id: ws.data });
    const after = await tx.workspace.update({ where: { id: ws.data }, data, select: overrideSelect });
    const shown = overridesOf(after);
    const set = RESOURCES.filter((r) => shown[r] !== null).map((r) => `${r} ${shown[r]}`);
    await writeAuditEvent(tx, adminAuditActor(who.data, ws.data), "plan_changed", { detail: `Limits set for this workspace by an instance admin: ${set.length ? set.join(", ") : "none (the plan's apply)"}` });
    await record?.(tx, { workspace: exists, overrides: shown });
    return true;
  }, LOCKED_TX);
  if (!done) return refuse("not_found");
  return { ok: true, usage: (await workspaceUsage(ws.data))! };
}

export type WorkspaceUsage = WorkspaceQuota & { planLimits: Limits; overrides: Overrides; summary: string };

/** A workspace's plan, overrides and usage against each limit, for the admin area; null if none. */
export async function workspaceUsage(workspaceId: string): Promise<WorkspaceUsage | null> {
  const ws = workspaceIdSchema.safeParse(workspaceId);
  if (!ws.success) return null;
  const limits = await workspaceLimits(ws.data);
  if (!limits) return null;
  const usage = await usageIn(db(), ws.data);
  return { ...quotasOf(limits, usage), planLimits: limits.planLimits, overrides: limits.overrides, summary: `${limits.planName}: ${describe(limits.limits)}` };
}
