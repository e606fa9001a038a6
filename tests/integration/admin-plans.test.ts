import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/action-result";
import { createUser } from "@/lib/dal/users";
import { findMembership } from "@/lib/dal/workspaces";
import { db } from "@/lib/db";
import { AuthClient } from "./session-http";

// The Admin area's plan actions (issue 15 item 6) as an attacker and as an admin meet them: real
// next-auth sessions, each server action called the way Next calls it (a POST with the session
// cookie). Refused, nothing changes and nothing is audited; done, the change, the workspace's
// security log and the instance audit log all say so.

const RUN = randomBytes(4).toString("hex");
const ADMIN = `plans-admin-${RUN}@example.test`;
const PASSWORD = "correct horse battery";

process.env.LATCHKEY_ADMIN_EMAILS = ADMIN;
process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "50";
process.env.REQUIRE_EMAIL_VERIFICATION = "false";
process.env.NEXTAUTH_URL = "http://keys.example.test";

let ipCounter = 20;
const nextIp = () => `198.51.100.${ipCounter++ % 250}`;

async function account(name: string, email = `${name.toLowerCase().replace(/[^a-z]+/g, "-")}-${randomBytes(5).toString("hex")}@example.test`) {
  const created = await createUser({ name, email, password: PASSWORD });
  if (!created.ok) throw new Error("could not create user");
  await db().user.update({ where: { id: created.user.id }, data: { emailVerifiedAt: new Date() }, select: { id: true } });
  const membership = await findMembership(created.user.id);
  if (!membership) throw new Error("no workspace");
  return { id: created.user.id, name, email, workspaceId: membership.workspace.id };
}

async function signedIn(email: string) {
  const browser = new AuthClient(nextIp());
  expect((await browser.signIn(email, PASSWORD)).status).toBe(200);
  const row = await db().userSession.findFirstOrThrow({ where: { user: { email } }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return { browser, sessionId: row.id };
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const ageSession = (sessionId: string) =>
  db().userSession.update({ where: { id: sessionId }, data: { createdAt: new Date(Date.now() - 3_600_000), sudoUntil: new Date(Date.now() - 1_000) }, select: { id: true } });
const freshSession = (sessionId: string) => db().userSession.update({ where: { id: sessionId }, data: { sudoUntil: new Date(Date.now() + 300_000) }, select: { id: true } });

type Action = (p: ActionResult | null, f: FormData) => Promise<ActionResult>;
const actions = async () => {
  const plans = await import("@/app/admin/plans/actions");
  const workspaces = await import("@/app/admin/workspaces/actions");
  return { updatePlanLimitsAction: plans.updatePlanLimitsAction as Action, setWorkspacePlanAction: workspaces.setWorkspacePlanAction as Action, setWorkspaceOverridesAction: workspaces.setWorkspaceOverridesAction as Action };
};

const workspaceState = (id: string) =>
  db().workspace.findUniqueOrThrow({ where: { id }, select: { planId: true, maxActiveKeysOverride: true, maxCredentialsOverride: true, maxWebhooksOverride: true, maxMembersOverride: true } });
const planState = () => db().plan.findMany({ orderBy: { id: "asc" }, select: { id: true, maxActiveKeys: true, maxCredentials: true, maxWebhooks: true, maxMembers: true } });

let admin: { id: string; browser: AuthClient; sessionId: string };
beforeAll(async () => {
  const user = await account("Ada Plans", ADMIN);
  admin = { id: user.id, ...(await signedIn(ADMIN)) };
});
afterAll(async () => {
  await db().plan.update({ where: { id: "plus" }, data: { maxMembers: 20, maxCredentials: 20 }, select: { id: true } });
  await db().$disconnect();
});

/** Each of the three actions, with a form that would change something. */
const attempts = (workspaceId: string): [keyof Awaited<ReturnType<typeof actions>>, FormData][] => [
  ["updatePlanLimitsAction", form({ planId: "lite", credentials: "0" })],
  ["setWorkspacePlanAction", form({ workspaceId, planId: "agency" })],
  ["setWorkspaceOverridesAction", form({ workspaceId, keys: "99" })],
];

describe("the plan actions refuse", () => {
  it("anyone who is not an instance admin: 'Not found.', nothing changed, nothing audited (even within a fresh re-authentication)", async () => {
    const target = await account("Tess Target");
    const plain = await account("Pat Attacker");
    const attacker = await signedIn(plain.email);
    await freshSession(attacker.sessionId);
    const [before, plans, audit, securityLog] = [await workspaceState(target.workspaceId), await planState(), await db().instanceAuditEvent.count(), await db().auditEvent.count({ where: { workspaceId: target.workspaceId } })];
    const all = await actions();
    for (const browser of [attacker.browser, new AuthClient(nextIp())]) {
      for (const [name, data] of attempts(target.workspaceId)) {
        expect(await browser.run(() => all[name](null, data), "/admin/plans"), name).toEqual({ ok: false, error: "Not found." });
      }
    }
    expect(await workspaceState(target.workspaceId)).toEqual(before);
    expect(await planState()).toEqual(plans);
    expect(await db().instanceAuditEvent.count()).toBe(audit);
    expect(await db().auditEvent.count({ where: { workspaceId: target.workspaceId } })).toBe(securityLog);
  });

  it("an admin without a recent re-authentication: reauth_required from each action itself, nothing changed", async () => {
    const target = await account("Rae Reauth");
    await ageSession(admin.sessionId);
    const [before, plans, audit] = [await workspaceState(target.workspaceId), await planState(), await db().instanceAuditEvent.count({ where: { actorId: admin.id } })];
    const all = await actions();
    for (const [name, data] of attempts(target.workspaceId)) {
      expect(await admin.browser.run(() => all[name](null, data), "/admin/plans"), name).toMatchObject({ ok: false, reason: "reauth_required" });
    }
    expect(await workspaceState(target.workspaceId)).toEqual(before);
    expect(await planState()).toEqual(plans);
    expect(await db().instanceAuditEvent.count({ where: { actorId: admin.id } })).toBe(audit);
    await freshSession(admin.sessionId);
  });
});

describe("an admin", () => {
  beforeAll(() => freshSession(admin.sessionId));

  it("changes a workspace's plan, sets and clears its own limits, edits a plan and is told how many workspaces it put over; every change audited", async () => {
    const { updatePlanLimitsAction, setWorkspacePlanAction, setWorkspaceOverridesAction } = await actions();
    const a = await account("Alma Plus");
    const b = await account("Bo Plus");
    const run = (fn: () => Promise<ActionResult>) => admin.browser.run(fn, "/admin/workspaces");

    for (const ws of [a, b]) expect(await run(() => setWorkspacePlanAction(null, form({ workspaceId: ws.workspaceId, planId: "plus" })))).toEqual({ ok: true, message: "Plan changed to Plus." });
    expect((await workspaceState(a.workspaceId)).planId).toBe("plus");
    expect(await db().instanceAuditEvent.count({ where: { action: "workspace_plan_changed", targetId: a.workspaceId, actorId: admin.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { workspaceId: a.workspaceId, action: "plan_changed" } })).toBe(1);

    // Overrides: numbers set, blank clears, a field left out keeps its value.
    expect(await run(() => setWorkspaceOverridesAction(null, form({ workspaceId: a.workspaceId, keys: "7", credentials: "", webhooks: "3" })))).toMatchObject({ ok: true });
    expect(await workspaceState(a.workspaceId)).toMatchObject({ maxActiveKeysOverride: 7, maxCredentialsOverride: null, maxWebhooksOverride: 3, maxMembersOverride: null });
    expect(await run(() => setWorkspaceOverridesAction(null, form({ workspaceId: a.workspaceId, webhooks: "" })))).toMatchObject({ ok: true });
    expect(await workspaceState(a.workspaceId)).toMatchObject({ maxActiveKeysOverride: 7, maxWebhooksOverride: null });
    const limitsRows = await db().instanceAuditEvent.findMany({ where: { action: "workspace_limits_changed", targetId: a.workspaceId }, orderBy: { createdAt: "asc" }, select: { metadata: true } });
    expect(limitsRows.map((r) => JSON.parse(r.metadata).overrides)).toEqual(["keys 7, webhooks 3", "keys 7"]);

    // A limit below what both hold: both are put over (each has its owner as a member).
    const result = await run(() => updatePlanLimitsAction(null, form({ planId: "plus", members: "0" })));
    expect(result.ok).toBe(true);
    const putOver = (result as unknown as { putOver: number }).putOver;
    expect(putOver).toBeGreaterThanOrEqual(2);
    expect((result as { message: string }).message).toBe(`Saved. ${putOver} workspaces are now over this plan's limits; nothing was removed, they can't add more.`);
    expect((await db().plan.findUniqueOrThrow({ where: { id: "plus" }, select: { maxMembers: true } })).maxMembers).toBe(0);
    const planRow = await db().instanceAuditEvent.findFirstOrThrow({ where: { action: "plan_limits_changed", targetId: "plus", actorId: admin.id }, orderBy: { createdAt: "desc" }, select: { metadata: true, targetLabel: true } });
    expect(planRow.targetLabel).toBe("Plus");
    expect(JSON.parse(planRow.metadata)).toMatchObject({ limits: "members 0", putOver });
    // Nothing was removed.
    expect(await db().membership.count({ where: { workspaceId: { in: [a.workspaceId, b.workspaceId] } } })).toBe(2);

    // Unlimited, and back: nobody is put over by raising a limit.
    expect(await run(() => updatePlanLimitsAction(null, form({ planId: "plus", members: "5", membersUnlimited: "on" })))).toMatchObject({ ok: true, putOver: 0, message: "Saved. No workspace went over this plan's limits." });
    expect((await db().plan.findUniqueOrThrow({ where: { id: "plus" }, select: { maxMembers: true } })).maxMembers).toBeNull();
  });

  it("refuses, changing nothing: the Default plan's environment-set limits, bad numbers, an unknown plan or workspace", async () => {
    const { updatePlanLimitsAction, setWorkspacePlanAction, setWorkspaceOverridesAction } = await actions();
    const target = await account("Una Changed");
    const run = (fn: () => Promise<ActionResult>) => admin.browser.run(fn, "/admin/plans");
    const [before, plans, audit] = [await workspaceState(target.workspaceId), await planState(), await db().instanceAuditEvent.count()];
    expect(await run(() => updatePlanLimitsAction(null, form({ planId: "default", keys: "3" })))).toMatchObject({ ok: false, error: expect.stringContaining("MAX_ACTIVE_KEYS") });
    expect(await run(() => updatePlanLimitsAction(null, form({ planId: "lite", credentials: "-1" })))).toMatchObject({ ok: false, fieldErrors: { credentials: expect.any(String) } });
    expect(await run(() => updatePlanLimitsAction(null, form({ planId: "lite", credentials: "" })))).toMatchObject({ ok: false, fieldErrors: { credentials: "Enter a whole number." } });
    expect(await run(() => updatePlanLimitsAction(null, form({ planId: "gold", credentials: "3" })))).toEqual({ ok: false, error: "That plan does not exist." });
    expect(await run(() => setWorkspacePlanAction(null, form({ workspaceId: target.workspaceId, planId: "gold" })))).toMatchObject({ ok: false, fieldErrors: { planId: "Choose a plan." } });
    expect(await run(() => setWorkspacePlanAction(null, form({ workspaceId: "c000000000000000000000000", planId: "lite" })))).toEqual({ ok: false, error: "That workspace does not exist." });
    expect(await run(() => setWorkspaceOverridesAction(null, form({ workspaceId: target.workspaceId, keys: "2.5" })))).toMatchObject({ ok: false, fieldErrors: { keys: "Enter a whole number." } });
    expect(await workspaceState(target.workspaceId)).toEqual(before);
    expect(await planState()).toEqual(plans);
    expect(await db().instanceAuditEvent.count()).toBe(audit);
  });
});
