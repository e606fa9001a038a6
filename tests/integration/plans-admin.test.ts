import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCredential } from "@/lib/dal/credentials";
import { createWorkspace } from "@/lib/dal/members";
import { workspaceLimits } from "@/lib/dal/plans";
import { listPlans, setWorkspaceOverrides, setWorkspacePlan, updatePlanLimits } from "@/lib/dal/plans-admin";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { makeViewer } from "./fixtures";
import { makeUser } from "./team-fixtures";

// DEFAULT_PLAN picks the plan of new workspaces; MAX_* still set the default plan's limits.
process.env.DEFAULT_PLAN = "lite";
process.env.MAX_ACTIVE_KEYS = "9";
process.env.MAX_CREDENTIALS = "11";
process.env.MAX_WEBHOOKS = "12";

let admin: { id: string; name: string; email: string };
beforeAll(async () => {
  const user = await makeUser("Instance Admin");
  admin = { id: user.id, name: user.name, email: user.email };
});
afterAll(() => db().$disconnect());

const credentials = async (viewer: Viewer, n: number) => {
  for (let i = 0; i < n; i++) {
    const made = await createCredential(viewer, { name: `c${i}`, type: "bearer", token: `token-${i}-abcdefgh`, hosts: ["api.example.com"] });
    if (!made.ok) throw new Error(made.reason);
  }
};

describe("DEFAULT_PLAN and the default plan", () => {
  it("a new account's workspace and a created workspace start on DEFAULT_PLAN (Lite)", async () => {
    const viewer = await makeViewer();
    expect(await workspaceLimits(viewer.workspace.id)).toMatchObject({ planId: "lite", planName: "Lite", limits: { keys: 20, credentials: 5, webhooks: 5, members: 5 } });
    const created = await createWorkspace(viewer, "Second team");
    if (!created.ok) throw new Error(created.reason);
    const second = await db().workspace.findUniqueOrThrow({ where: { slug: created.slug }, select: { id: true, planId: true } });
    expect(second.planId).toBe("lite");
  });

  it("the default plan's limits are MAX_ACTIVE_KEYS, MAX_CREDENTIALS and MAX_WEBHOOKS, and not editable here", async () => {
    const plans = await listPlans();
    expect(plans.map((p) => [p.id, p.name])).toEqual([["default", "Default"], ["starter", "Starter"], ["lite", "Lite"], ["plus", "Plus"], ["agency", "Agency"]]);
    expect(plans[0]).toMatchObject({ limits: { keys: 9, credentials: 11, webhooks: 12, members: null }, envManaged: ["keys", "credentials", "webhooks"] });
    expect(plans.find((p) => p.id === "starter")).toMatchObject({ limits: { keys: 5, credentials: 1, webhooks: 1, members: 1 }, envManaged: [] });
    expect(plans.find((p) => p.id === "agency")?.limits).toEqual({ keys: null, credentials: null, webhooks: null, members: null });
    expect(await updatePlanLimits(admin, "default", { keys: 3 })).toEqual({ ok: false, reason: "env_managed" });
    const viewer = await makeViewer();
    await setWorkspacePlan(admin, viewer.workspace.id, "default");
    expect((await workspaceLimits(viewer.workspace.id))?.limits).toEqual({ keys: 9, credentials: 11, webhooks: 12, members: null });
  });
});

describe("updatePlanLimits", () => {
  it("counts the workspaces a change puts over a limit; an override keeps one within", async () => {
    const [a, b, c] = await Promise.all([makeViewer(), makeViewer(), makeViewer()]);
    for (const v of [a, b, c]) await setWorkspacePlan(admin, v.workspace.id, "plus");
    await credentials(a, 3);
    await credentials(b, 2);
    await credentials(c, 3);
    await setWorkspaceOverrides(admin, c.workspace.id, { credentials: 10 });

    const toTwo = await updatePlanLimits(admin, "plus", { credentials: 2 });
    expect(toTwo).toMatchObject({ ok: true, putOver: 1, over: 1, plan: { id: "plus", limits: { keys: 100, credentials: 2, webhooks: 20, members: 20 } } });
    const toOne = await updatePlanLimits(admin, "plus", { credentials: 1 });
    expect(toOne).toMatchObject({ ok: true, putOver: 1, over: 2 });
    // Nothing was deleted; new ones wait.
    expect(await db().credential.count({ where: { workspaceId: { in: [a.workspace.id, b.workspace.id] } } })).toBe(5);
    expect(await createCredential(b, { name: "more", type: "bearer", token: "token-more-abcdefgh", hosts: ["api.example.com"] })).toEqual({ ok: false, reason: "limit_reached" });
    // Raising it back puts nobody over; unlimited (null) neither.
    expect(await updatePlanLimits(admin, "plus", { credentials: null })).toMatchObject({ ok: true, putOver: 0, over: 0, plan: { limits: { credentials: null } } });
    expect(await updatePlanLimits(admin, "plus", { credentials: 20 })).toMatchObject({ ok: true, putOver: 0, over: 0 });
  });

  it("refuses what is not a plan or not a limit", async () => {
    expect(await updatePlanLimits(admin, "gold", { keys: 3 })).toEqual({ ok: false, reason: "invalid" });
    expect(await updatePlanLimits(admin, "plus", { keys: -3 })).toEqual({ ok: false, reason: "invalid" });
    expect(await updatePlanLimits(admin, "plus", { keys: "3" })).toEqual({ ok: false, reason: "invalid" });
    expect(await updatePlanLimits(admin, "plus", { name: "Platinum" })).toEqual({ ok: false, reason: "invalid" });
    expect(await updatePlanLimits({ ...admin, id: "" }, "plus", { keys: 3 })).toEqual({ ok: false, reason: "invalid" });
    expect((await listPlans()).find((p) => p.id === "plus")?.limits.keys).toBe(100);
  });
});

describe("a change and the admin's record of it stand or fall together", () => {
  // lib/dal/instance-admin.ts writes the instance audit row through `record`, inside the
  // change's transaction: when that write fails, the change is rolled back with it.
  const failing = async () => {
    throw new Error("the audit write failed");
  };

  it("a plan's limits, a workspace's plan and its overrides are unchanged when the record cannot be written", async () => {
    const viewer = await makeViewer();
    await setWorkspacePlan(admin, viewer.workspace.id, "starter");
    const plansBefore = await listPlans();
    const workspaceBefore = await db().workspace.findUniqueOrThrow({ where: { id: viewer.workspace.id } });
    const logBefore = await db().auditEvent.count({ where: { workspaceId: viewer.workspace.id } });
    await expect(updatePlanLimits(admin, "starter", { credentials: 99 }, failing)).rejects.toThrow("the audit write failed");
    await expect(setWorkspacePlan(admin, viewer.workspace.id, "agency", failing)).rejects.toThrow("the audit write failed");
    await expect(setWorkspaceOverrides(admin, viewer.workspace.id, { keys: 77 }, failing)).rejects.toThrow("the audit write failed");
    expect(await listPlans()).toEqual(plansBefore);
    expect(await db().workspace.findUniqueOrThrow({ where: { id: viewer.workspace.id } })).toEqual(workspaceBefore);
    expect(await db().auditEvent.count({ where: { workspaceId: viewer.workspace.id } })).toBe(logBefore);
  });

  it("the record is written in the change's transaction, with what was changed", async () => {
    const viewer = await makeViewer();
    const seen: unknown[] = [];
    const record = async (tx: unknown, facts: unknown) => {
      expect(tx).not.toBe(db());
      seen.push(facts);
    };
    expect(await setWorkspacePlan(admin, viewer.workspace.id, "plus", record)).toMatchObject({ ok: true });
    expect(await setWorkspaceOverrides(admin, viewer.workspace.id, { webhooks: 3 }, record)).toMatchObject({ ok: true });
    const slug = viewer.workspace.slug;
    expect(seen).toEqual([
      { workspace: { id: viewer.workspace.id, name: viewer.workspace.name, slug }, plan: "Plus" },
      { workspace: { id: viewer.workspace.id, name: viewer.workspace.name, slug }, overrides: { keys: null, credentials: null, webhooks: 3, members: null } },
    ]);
  });
});
