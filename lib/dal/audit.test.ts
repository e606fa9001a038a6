import { afterAll, describe, expect, it } from "vitest";
import { asKey, makeKey, makeViewer } from "@/tests/integration/fixtures";
import { db } from "@/lib/db";
import { listAuditEvents, writeAuditEvent } from "./audit";
import { deleteKey, revokeKey, updateKey } from "./key-changes";

afterAll(() => db().$disconnect());

describe("the security log names the API key that acted", () => {
  it("shows the acting key's current name beside its sid, and the sid alone once the key is deleted", async () => {
    const viewer = await makeViewer();
    const { key: provisioner } = await makeKey(viewer, { name: "Provisioner" });
    const { key: made } = await makeKey(asKey(viewer, provisioner), { name: "Made by the API", permission: "read" });
    const byKey = async () => (await listAuditEvents(viewer, { page: 1 })).events.find((e) => e.keySid === made.sid && e.action === "created")!;

    await expect(byKey()).resolves.toMatchObject({ actorType: "api_key", actorSid: provisioner.sid, actorName: "Provisioner" });
    // The events the person made in the browser name no acting key.
    const own = (await listAuditEvents(viewer, { page: 1 })).events.find((e) => e.keySid === provisioner.sid && e.action === "created")!;
    expect(own).toMatchObject({ actorType: "session", actorSid: null, actorName: null });

    await updateKey(viewer, provisioner.sid, { name: "Provisioner v2", description: "" });
    await expect(byKey()).resolves.toMatchObject({ actorName: "Provisioner v2" });

    await revokeKey(viewer, provisioner.sid);
    expect((await deleteKey(viewer, provisioner.sid)).ok).toBe(true);
    await expect(byKey()).resolves.toMatchObject({ actorSid: provisioner.sid, actorName: null });
  });

  it("never shows another account's key name, even for a sid written into this account's log", async () => {
    const [alice, bob] = await Promise.all([makeViewer(), makeViewer()]);
    const { key: bobs } = await makeKey(bob, { name: "Bob's secret project" });
    await writeAuditEvent(db(), { workspaceId: alice.workspace.id, person: null, type: "api_key", keySid: bobs.sid, ip: null }, "permission_denied");
    const events = (await listAuditEvents(alice, { page: 1 })).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorSid: bobs.sid, actorName: null });
    expect(JSON.stringify(events)).not.toContain("Bob's secret project");
  });
});
