import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, makeKey, makeViewer } from "@/tests/integration/fixtures";
import { joinAs, makeServiceKey } from "@/tests/integration/team-fixtures";
import { changeRole, removeMember } from "@/lib/dal/members";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { describeDelays, me, rename, renameSilently, settle, timeToRefusal, writeProbe } from "./membership-probe";
import { sleep, startInstance, type Instance } from "./server";

// A member removed or downgraded in one place loses their keys' access on the next request on
// every instance (issue 13, "Service keys and member keys"). Two instances of the production
// build on one PostgreSQL and Redis, with the verification cache as long as the app allows
// (5 minutes): within the test, only the change notice (NOTIFY) that changeRole and
// removeMember send can make an instance see the change. The change is made here, in a third
// process, as the dashboard would; neither instance has served it.
const shared = { KEY_CACHE_TTL_MS: "300000", TRUSTED_PROXY_HOPS: "1", FAILED_AUTH_PER_MINUTE: "100000" };
const LIMIT_MS = 1_000;

let a: Instance;
let b: Instance;
let owner: Viewer;
let admin: Viewer;
let memberKey: { sid: string; secret: string };
let serviceKey: { sid: string; secret: string };

beforeAll(async () => {
  if (!process.env.DATABASE_URL?.startsWith("postgres") || !process.env.REDIS_URL) {
    throw new Error("The membership cluster test needs DATABASE_URL (PostgreSQL) and REDIS_URL: run it through npm test.");
  }
  [a, b] = await Promise.all([startInstance(shared), startInstance(shared)]);
  owner = await makeViewer("Membership Owner");
  admin = await joinAs(owner, "admin", "Leaving Admin");
  const created = await makeKey(admin, { name: "member key", permission: "read_write" });
  memberKey = { sid: created.key.sid, secret: created.secret };
  const service = await makeServiceKey(admin);
  serviceKey = { sid: service.key.sid, secret: service.secret };
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db().$disconnect();
});

const both = <T>(each: (instance: Instance) => Promise<T>) => Promise.all([each(a), each(b)]);

/** Both instances have just verified `sid` afresh and cached it: a silent rename stays unseen. */
async function cachedOnBoth(key: { sid: string; secret: string }, staleName: string) {
  await settle();
  const cachedName = (await me(a, key.secret)).name!;
  expect((await me(b, key.secret)).name).toBe(cachedName);
  await renameSilently(key.sid, staleName);
  expect(await both((i) => me(i, key.secret))).toEqual([expect.objectContaining({ status: 200, name: cachedName }), expect.objectContaining({ status: 200, name: cachedName })]);
}

describe("membership changes reach every instance through the change notices, not the cache TTL", () => {
  it("control: a role change the instances are not told about stays hidden behind the cache", async () => {
    const other = await addMember(owner, "admin", "Silent Admin");
    const key = await makeKey(other, { name: "silent", permission: "read_write" });
    expect(await both((i) => me(i, key.secret))).toEqual([expect.objectContaining({ permission: "read_write" }), expect.objectContaining({ permission: "read_write" })]);
    // Downgraded behind the app's back: no NOTIFY.
    await db().membership.updateMany({ where: { workspaceId: owner.workspace.id, userId: other.id }, data: { role: "viewer" } });
    await sleep(1_500);
    expect(await both((i) => me(i, key.secret))).toEqual([expect.objectContaining({ permission: "read_write", role: "admin" }), expect.objectContaining({ permission: "read_write", role: "admin" })]);
    expect(await both((i) => writeProbe(i, key.secret))).toEqual([404, 404]);
  });

  it("an Admin downgraded to Viewer: their Read/Write member key only reads, on both instances, within a second", async () => {
    // Writes work from both instances, and both then hold the key (with role Admin) in their cache.
    expect((await rename(a, memberKey.secret, memberKey.sid, "written via A")).status).toBe(200);
    expect((await rename(b, memberKey.secret, memberKey.sid, "written via B")).status).toBe(200);
    await cachedOnBoth(memberKey, "renamed silently");
    expect(await both((i) => me(i, memberKey.secret))).toEqual([expect.objectContaining({ permission: "read_write", role: "admin" }), expect.objectContaining({ permission: "read_write", role: "admin" })]);
    expect(await both((i) => writeProbe(i, memberKey.secret))).toEqual([404, 404]);

    expect(await changeRole(owner, admin.id, "viewer")).toEqual({ ok: true, changed: true, role: "viewer" });
    const changedAt = Date.now();
    const [onA, onB] = await both((i) => timeToRefusal(() => writeProbe(i, memberKey.secret), (status) => status === 403, changedAt));
    console.log(`[membership] downgrade Admin → Viewer, first write refused (403): ${describeDelays([onA, onB])}`);
    expect(onA.ms).toBeLessThan(LIMIT_MS);
    expect(onB.ms).toBeLessThan(LIMIT_MS);

    // Still a key, reading: re-read from the database (the silent name shows), capped to Read.
    expect(await both((i) => me(i, memberKey.secret))).toEqual([
      { status: 200, permission: "read", role: "viewer", actsAs: "member", name: "renamed silently" },
      { status: 200, permission: "read", role: "viewer", actsAs: "member", name: "renamed silently" },
    ]);
    const edits = await both((i) => rename(i, memberKey.secret, memberKey.sid, "not allowed"));
    expect(edits.map((edit) => [edit.status, edit.body.error?.code])).toEqual([[403, "insufficient_permission"], [403, "insufficient_permission"]]);
  });

  it("a removed member's key is refused (401) on both instances within a second; the service key they created keeps working", async () => {
    expect(await both((i) => me(i, serviceKey.secret))).toEqual([expect.objectContaining({ status: 200, actsAs: "workspace" }), expect.objectContaining({ status: 200, actsAs: "workspace" })]);
    await cachedOnBoth(memberKey, "renamed silently again");

    const removed = await removeMember(owner, admin.id, { private: "transfer" });
    expect(removed).toMatchObject({ ok: true, revokedKeys: [memberKey.sid] });
    const removedAt = Date.now();
    const [onA, onB] = await both((i) => timeToRefusal(async () => (await me(i, memberKey.secret)).status, (status) => status === 401, removedAt));
    console.log(`[membership] removal → 401: ${describeDelays([onA, onB])}`);
    expect(onA.ms).toBeLessThan(LIMIT_MS);
    expect(onB.ms).toBeLessThan(LIMIT_MS);
    expect(await both((i) => writeProbe(i, memberKey.secret))).toEqual([401, 401]);

    // The service key answers 200 on both, from a fresh read too: its own edit via A makes both
    // instances forget it, and B then shows the new name.
    expect(await both((i) => me(i, serviceKey.secret))).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })]);
    expect((await rename(a, serviceKey.secret, serviceKey.sid, "outlives its creator")).status).toBe(200);
    await settle();
    expect(await both((i) => me(i, serviceKey.secret))).toEqual([
      { status: 200, permission: "read_write", role: undefined, actsAs: "workspace", name: "outlives its creator" },
      { status: 200, permission: "read_write", role: undefined, actsAs: "workspace", name: "outlives its creator" },
    ]);
    expect(await both((i) => me(i, memberKey.secret))).toEqual([{ status: 401 }, { status: 401 }]);
  });

  it("both instances stayed up", () => {
    expect(a.alive() && b.alive()).toBe(true);
  });
});
