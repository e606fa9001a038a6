import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as revokeRoute from "@/app/api/v1/keys/[sid]/revoke/route";
import * as rollRoute from "@/app/api/v1/keys/[sid]/roll/route";
import * as oneRoute from "@/app/api/v1/keys/[sid]/route";
import { auditedKeys, auditedMembers, listAuditEvents } from "@/lib/dal/audit";
import { shareCredential } from "@/lib/dal/credential-sharing";
import { createCredential, deleteCredential, getCredential, listCredentials, updateCredential } from "@/lib/dal/credentials";
import { createKey, deleteKey, endGracePeriod, revokeKey, rollKey, updateKey } from "@/lib/dal/key-changes";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, rollWebhookSecret, sendTestEvent, updateWebhook } from "@/lib/dal/webhooks";
import { db } from "@/lib/db";
import { parseCreateKey } from "@/lib/validation/keys";
import { webhookSchema, type WebhookInput } from "@/lib/validation/webhooks";
import type { Viewer } from "@/lib/viewer";
import { addMember, asKey, makeKey, makeViewer, withRole } from "./fixtures";

// The matrix makes many keys, credentials and webhooks in one workspace: lift the limits that
// have their own tests, so every refusal here is a role's and nothing else's.
process.env.MAX_ACTIVE_KEYS = "1000";
process.env.KEY_CREATES_PER_USER_PER_HOUR = "100000";
process.env.MAX_CREDENTIALS = "1000";
process.env.MAX_WEBHOOKS = "1000";
process.env.TEST_EVENTS_PER_USER_PER_MINUTE = "10000";
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true"; // nothing is sent: no worker runs here

afterAll(() => db().$disconnect());

type TeamRole = "owner" | "admin" | "member" | "viewer";
type Outcome = "ok" | "forbidden" | "not_found";
type Team = Record<TeamRole | "teammate", Viewer>;

const TEAM_ROLES: TeamRole[] = ["owner", "admin", "member", "viewer"];
let team: Team;
let outsider: Viewer; // the Owner of another workspace: the most a stranger can be

beforeAll(async () => {
  const owner = await makeViewer("Olivia Owner");
  const [admin, member, viewer, teammate] = await Promise.all([
    addMember(owner, "admin", "Ada Admin"),
    addMember(owner, "member", "Max Member"),
    addMember(owner, "viewer", "Vera Viewer"),
    addMember(owner, "member", "Tess Teammate"),
  ]);
  team = { owner, admin, member, viewer, teammate };
  outsider = await makeViewer("Oscar Outsider");
});

const unique = (label: string) => `${label} ${randomBytes(4).toString("hex")}`;

/**
 * Who made a role's "own" things. A Viewer cannot make anything, but can own things they made
 * as a Member before being demoted: the same person, acting as a Member.
 */
const makerFor = (role: TeamRole) => (role === "viewer" ? withRole(team.viewer, "member") : team[role]);

// Results come in three shapes; each becomes an outcome, and anything else fails the test.
function fromResult(result: { ok: boolean; reason?: string }): Outcome {
  if (result.ok) return "ok";
  if (result.reason === "forbidden" || result.reason === "not_found") return result.reason;
  throw new Error(`unexpected refusal: ${JSON.stringify(result)}`);
}
const fromNullable = (found: unknown): Outcome => (found === null ? "not_found" : "ok");

function keyFields(name = unique("Key")) {
  const parsed = parseCreateKey({ name, description: "", expiry: "30", permission: "read_write" });
  if (!parsed.ok) throw new Error("invalid key fields");
  return parsed.data;
}
const webhookInput = (fields: Partial<Record<keyof WebhookInput, unknown>> = {}): WebhookInput =>
  webhookSchema.parse({ name: unique("Hook"), url: "http://127.0.0.1:9/hook", events: ["key.created"], credentialId: "none", ...fields });

async function newCredential(maker: Viewer, name = unique("Credential")) {
  const created = await createCredential(maker, { hosts: ["127.0.0.1"], name, type: "bearer", token: `tok-${randomBytes(8).toString("hex")}` });
  if (!created.ok) throw new Error(`credential: ${created.reason}`);
  return created.credential.id;
}
async function newWebhook(maker: Viewer, fields: Partial<Record<keyof WebhookInput, unknown>> = {}) {
  const created = await createWebhook(maker, webhookInput(fields));
  if (!created.ok) throw new Error(`webhook: ${created.reason}`);
  return created.webhook.id;
}

/**
 * One operation on one existing thing: how to make the thing (as its maker), how to act on it,
 * and what of it the operation would change (which must change exactly when the outcome is ok).
 */
type Operation = {
  prepare: (maker: Viewer) => Promise<string>;
  run: (actor: Viewer, id: string) => Promise<Outcome>;
  state: (id: string) => Promise<unknown>;
  /** Reads change nothing whatever the outcome. */
  read?: true;
};

const keyState = (sid: string) => db().apiKey.findUnique({ where: { sid } });
const activeKey = async (maker: Viewer) => (await makeKey(maker, { name: unique("Key") })).key.sid;

const KEY_OPERATIONS: Record<string, Operation> = {
  updateKey: { prepare: activeKey, state: keyState, run: async (actor, sid) => fromResult(await updateKey(actor, sid, { name: unique("Renamed"), description: "changed" })) },
  rollKey: { prepare: activeKey, state: keyState, run: async (actor, sid) => fromResult(await rollKey(actor, sid, "now")) },
  revokeKey: { prepare: activeKey, state: keyState, run: async (actor, sid) => fromResult(await revokeKey(actor, sid)) },
  endGracePeriod: {
    // A key in its grace period: rolled (by the Owner) with an hour for the old secret.
    prepare: async (maker) => {
      const sid = await activeKey(maker);
      const rolled = await rollKey(team.owner, sid, "1h");
      if (!rolled.ok) throw new Error(`roll: ${rolled.reason}`);
      return sid;
    },
    state: keyState,
    run: async (actor, sid) => fromResult(await endGracePeriod(actor, sid)),
  },
  deleteKey: {
    prepare: async (maker) => {
      const sid = await activeKey(maker);
      const revoked = await revokeKey(team.owner, sid);
      if (!revoked.ok) throw new Error(`revoke: ${revoked.reason}`);
      return sid;
    },
    state: keyState,
    run: async (actor, sid) => fromResult(await deleteKey(actor, sid)),
  },
};

const credentialState = (id: string) => db().credential.findUnique({ where: { id } });
const CREDENTIAL_OPERATIONS: Record<string, Operation> = {
  getCredential: { prepare: newCredential, state: credentialState, read: true, run: async (actor, id) => fromNullable(await getCredential(actor, id)) },
  updateCredential: {
    prepare: newCredential,
    state: credentialState,
    run: async (actor, id) => fromResult(await updateCredential(actor, id, { name: unique("Renamed"), type: "bearer", token: "tok-replaced-0123456789" })),
  },
  deleteCredential: { prepare: newCredential, state: credentialState, run: async (actor, id) => fromResult(await deleteCredential(actor, id, { acknowledged: [] })) },
};

const webhookState = async (id: string) => ({
  webhook: await db().webhook.findUnique({ where: { id } }),
  deliveries: await db().webhookDelivery.count({ where: { webhookId: id } }),
});
const WEBHOOK_OPERATIONS: Record<string, Operation> = {
  updateWebhook: { prepare: (maker) => newWebhook(maker), state: webhookState, run: async (actor, id) => fromResult(await updateWebhook(actor, id, webhookInput())) },
  deleteWebhook: { prepare: (maker) => newWebhook(maker), state: webhookState, run: async (actor, id) => fromResult(await deleteWebhook(actor, id)) },
  rollWebhookSecret: { prepare: (maker) => newWebhook(maker), state: webhookState, run: async (actor, id) => fromResult(await rollWebhookSecret(actor, id)) },
  sendTestEvent: { prepare: (maker) => newWebhook(maker), state: webhookState, run: async (actor, id) => fromResult(await sendTestEvent(actor, id)) },
};

// [on their own, on a teammate's] per role: ../shared/WORKSPACES.md, "Roles".
const MANAGE: Record<TeamRole, [Outcome, Outcome]> = {
  owner: ["ok", "ok"],
  admin: ["ok", "ok"],
  member: ["ok", "forbidden"],
  viewer: ["forbidden", "forbidden"],
};
// A credential someone may not see does not exist for them (and whoever sees one may manage it).
const CREDENTIAL: Record<TeamRole, [Outcome, Outcome]> = {
  owner: ["ok", "ok"],
  admin: ["ok", "ok"],
  member: ["ok", "not_found"],
  viewer: ["not_found", "not_found"],
};

const TABLE: Array<[string, Operation, Record<TeamRole, [Outcome, Outcome]>]> = [
  ...Object.entries(KEY_OPERATIONS).map(([name, op]) => [name, op, MANAGE] as [string, Operation, typeof MANAGE]),
  ...Object.entries(CREDENTIAL_OPERATIONS).map(([name, op]) => [name, op, CREDENTIAL] as [string, Operation, typeof MANAGE]),
  ...Object.entries(WEBHOOK_OPERATIONS).map(([name, op]) => [name, op, MANAGE] as [string, Operation, typeof MANAGE]),
];

const CASES = TABLE.flatMap(([name, op, expected]) =>
  TEAM_ROLES.flatMap((role) => [
    { name, op, role, whose: "their own" as const, expected: expected[role][0] },
    { name, op, role, whose: "a teammate's" as const, expected: expected[role][1] },
  ]),
);

describe("the role matrix, in the data layer", () => {
  it.each(CASES)("$name by $role on $whose: $expected", async ({ op, role, whose, expected }) => {
    const id = await op.prepare(whose === "their own" ? makerFor(role) : team.teammate);
    const before = await op.state(id);
    expect(await op.run(team[role], id)).toBe(expected);
    const after = await op.state(id);
    // A refusal changes nothing; an allowed change happens.
    if (expected === "ok" && !op.read) expect(after).not.toEqual(before);
    else expect(after).toEqual(before);
  });

  const CREATES: Record<string, (actor: Viewer, name: string) => Promise<Outcome>> = {
    createKey: async (actor, name) => fromResult(await createKey(actor, keyFields(name))),
    createCredential: async (actor, name) => fromResult(await createCredential(actor, { hosts: ["127.0.0.1"], name, type: "bearer", token: "tok-0123456789abcdef" })),
    createWebhook: async (actor, name) => fromResult(await createWebhook(actor, webhookInput({ name }))),
  };
  const rowsNamed = async (name: string) =>
    (await db().apiKey.count({ where: { name } })) + (await db().credential.count({ where: { name } })) + (await db().webhook.count({ where: { name } }));
  const CREATE_CASES = Object.keys(CREATES).flatMap((name) =>
    TEAM_ROLES.map((role) => ({ name, role, expected: (role === "viewer" ? "forbidden" : "ok") as Outcome })),
  );

  it.each(CREATE_CASES)("$name by $role: $expected", async ({ name, role, expected }) => {
    const label = unique("Created");
    expect(await CREATES[name](team[role], label)).toBe(expected);
    expect(await rowsNamed(label)).toBe(expected === "ok" ? 1 : 0);
  });
});

describe("another workspace's ids do not exist, whatever the role held at home", () => {
  const ALL = [...Object.entries(KEY_OPERATIONS), ...Object.entries(CREDENTIAL_OPERATIONS), ...Object.entries(WEBHOOK_OPERATIONS)];
  it.each(ALL.map(([name, op]) => ({ name, op })))("$name on the team Owner's: not_found, and nothing changes", async ({ op }) => {
    const id = await op.prepare(team.owner);
    const before = await op.state(id);
    expect(await op.run(outsider, id)).toBe("not_found");
    expect(await op.state(id)).toEqual(before);
  });

  it("a webhook of another workspace is not found for reading either", async () => {
    const id = await newWebhook(team.owner);
    expect(await getWebhook(outsider, id)).toBeNull();
    expect((await listWebhooks(outsider)).map((w) => w.id)).not.toContain(id);
  });
});

describe("credentials are seen only by whom the matrix lets see them", () => {
  it("lists (the webhook form's picker too): Admins and Owners all, Members their own, Viewers none", async () => {
    const [mine, theirs, adminsOwn] = await Promise.all([newCredential(team.member), newCredential(team.teammate), newCredential(team.admin)]);
    const ids = async (viewer: Viewer) => (await listCredentials(viewer)).map((c) => c.id);
    for (const role of ["owner", "admin"] as const) expect(await ids(team[role])).toEqual(expect.arrayContaining([mine, theirs, adminsOwn]));
    const members = await ids(team.member);
    expect(members).toContain(mine);
    expect(members).not.toContain(theirs);
    expect(members).not.toContain(adminsOwn);
    expect(await ids(team.viewer)).toEqual([]);
  });

  it("a credential the viewer cannot see cannot be attached to a webhook: refused like one that does not exist", async () => {
    const theirs = await newCredential(team.teammate);
    const unknown = "c".repeat(25);
    const refusedTheirs = await createWebhook(team.member, webhookInput({ credentialId: theirs }));
    const refusedUnknown = await createWebhook(team.member, webhookInput({ credentialId: unknown }));
    expect(refusedTheirs).toMatchObject({ ok: false, reason: "invalid", field: "credentialId" });
    expect(refusedTheirs).toEqual(refusedUnknown);
    const own = await newWebhook(team.member);
    expect(await updateWebhook(team.member, own, webhookInput({ credentialId: theirs }))).toEqual(refusedUnknown);
    expect((await db().webhook.findUniqueOrThrow({ where: { id: own } })).credentialId).toBeNull();
    // An Admin sees that it exists and manages it, but a personal credential is its creator's
    // alone to use: attaching it is refused like for anyone else, until it is shared.
    expect(await createWebhook(team.admin, webhookInput({ credentialId: theirs }))).toEqual(refusedUnknown);
    expect(await shareCredential(team.teammate, { id: theirs, sharing: "workspace", members: [], acknowledged: [] })).toEqual({ ok: true });
    expect(await createWebhook(team.admin, webhookInput({ credentialId: theirs }))).toMatchObject({ ok: true });
    expect(await createWebhook(team.member, webhookInput({ credentialId: theirs }))).toMatchObject({ ok: true });
  });

  it("a webhook shows everyone it uses a credential, but its name only to those who may see it; its creator may keep it when editing", async () => {
    const adminsCredential = await newCredential(team.admin, unique("Admin's secret token"));
    const hook = await newWebhook(team.member);
    // An Admin attaches their own credential to the Member's webhook: only once it is shared
    // with that Member, whose webhook it is and whose use every delivery checks.
    expect(await updateWebhook(team.admin, hook, webhookInput({ credentialId: adminsCredential }))).toMatchObject({ ok: false, reason: "invalid", field: "credentialId" });
    expect(await shareCredential(team.admin, { id: adminsCredential, sharing: "members", members: [team.member.id], acknowledged: [] })).toEqual({ ok: true });
    expect(await updateWebhook(team.admin, hook, webhookInput({ credentialId: adminsCredential }))).toMatchObject({ ok: true });
    expect(await getWebhook(team.admin, hook)).toMatchObject({ credentialId: adminsCredential, credentialMissing: false, credentialHidden: false, credentialUnshared: false });
    for (const role of ["teammate", "viewer"] as const) {
      const seen = await getWebhook(team[role], hook);
      expect(seen).toMatchObject({ credentialName: null, credentialMissing: false, credentialHidden: true });
      expect(JSON.stringify(seen)).not.toContain("Admin's secret token");
      expect(JSON.stringify(await listWebhooks(team[role]))).not.toContain("Admin's secret token");
    }
    // Editing the webhook without touching its authentication is not attaching anything.
    expect(await updateWebhook(team.member, hook, webhookInput({ name: unique("Renamed hook"), credentialId: adminsCredential }))).toMatchObject({ ok: true });
    expect((await db().webhook.findUniqueOrThrow({ where: { id: hook } })).credentialId).toBe(adminsCredential);
  });
});

describe("the security log: Admins and Owners all, Members their own events, Viewers none", () => {
  let log: Team;
  beforeAll(async () => {
    const owner = await makeViewer("Log Owner");
    const [admin, member, viewer, teammate] = await Promise.all([
      addMember(owner, "admin", "Log Admin"),
      addMember(owner, "member", "Log Member"),
      addMember(owner, "viewer", "Log Viewer"),
      addMember(owner, "member", "Log Teammate"),
    ]);
    log = { owner, admin, member, viewer, teammate };
    await Promise.all([makeKey(owner, { name: "owner's" }), makeKey(admin, { name: "admin's" }), makeKey(member, { name: "member's" }), makeKey(teammate, { name: "teammate's" })]);
  });

  const emails = async (viewer: Viewer, options: { memberId?: string } = {}) =>
    new Set((await listAuditEvents(viewer, { page: 1, ...options })).events.map((e) => e.person?.email));

  it("scopes", async () => {
    for (const role of ["owner", "admin"] as const) {
      const result = await listAuditEvents(log[role], { page: 1 });
      expect(result.scope).toBe("all");
      expect(new Set(result.events.map((e) => e.person?.email))).toEqual(new Set([log.owner, log.admin, log.member, log.teammate].map((v) => v.email)));
    }
    const own = await listAuditEvents(log.member, { page: 1 });
    expect(own.scope).toBe("own");
    expect(own.events.map((e) => e.keyName)).toEqual(["member's"]);
    expect(own.total).toBe(1);
    expect(await listAuditEvents(log.viewer, { page: 1 })).toEqual({ events: [], total: 0, pages: 1, scope: "none" });
  });

  it("filters by member for Admins and Owners; a Member's filter never widens their scope", async () => {
    expect(await emails(log.admin, { memberId: log.teammate.id })).toEqual(new Set([log.teammate.email]));
    expect(await emails(log.owner, { memberId: log.member.id })).toEqual(new Set([log.member.email]));
    expect((await listAuditEvents(log.member, { page: 1, memberId: log.teammate.id })).events).toEqual([]);
    expect((await listAuditEvents(log.viewer, { page: 1, memberId: log.teammate.id })).events).toEqual([]);
  });

  it("the filter lists: members (by their latest name) for Admins and Owners; keys within the viewer's scope", async () => {
    // The teammate renamed themselves since: the filter shows the name of their latest event.
    await db().auditEvent.create({
      data: { workspaceId: log.owner.workspace.id, userId: log.teammate.id, actorName: "Tess Renamed", actorEmail: log.teammate.email, action: "edited", actorType: "session", createdAt: new Date(Date.now() + 1000) },
    });
    const members = await auditedMembers(log.admin);
    expect(members).toEqual(expect.arrayContaining([{ id: log.teammate.id, name: "Tess Renamed", email: log.teammate.email }, { id: log.member.id, name: "Log Member", email: log.member.email }]));
    expect(members).toHaveLength(4);
    expect(await auditedMembers(log.member)).toEqual([]);
    expect(await auditedMembers(log.viewer)).toEqual([]);
    expect((await auditedKeys(log.owner)).map((k) => k.name).sort()).toEqual(["admin's", "member's", "owner's", "teammate's"]);
    expect((await auditedKeys(log.member)).map((k) => k.name)).toEqual(["member's"]);
    expect(await auditedKeys(log.viewer)).toEqual([]);
  });
});

describe("revoking a key with the keys it created reaches only keys the viewer could revoke one by one", () => {
  it("an Admin's key rolled the Owner's key, then the Admin became a Member: their revocation leaves the Owner's replacement alone", async () => {
    const owner = await makeViewer("Lineage Owner");
    const admin = await addMember(owner, "admin", "Lineage Admin");
    const provisioner = await makeKey(admin, { name: "provisioner" });
    const ownersKey = await makeKey(owner, { name: "owner's" });
    // Through the Admin's key: a key of its own, and a roll of the Owner's key.
    const child = await createKey(asKey(admin, provisioner.key), keyFields("child"));
    const rolled = await rollKey(asKey(admin, provisioner.key), ownersKey.key.sid, "now");
    if (!child.ok || !rolled.ok) throw new Error("setup");
    expect((await db().apiKey.findUniqueOrThrow({ where: { sid: rolled.key.sid } })).createdByKeySid).toBe(provisioner.key.sid);

    await db().membership.updateMany({ where: { workspaceId: owner.workspace.id, userId: admin.id }, data: { role: "member" } });
    const demoted = withRole(admin, "member");
    const revoked = await revokeKey(demoted, provisioner.key.sid, { alsoCreated: true });
    expect(revoked).toMatchObject({ ok: true, alsoRevoked: [child.key.sid] });
    const status = async (sid: string) => (await db().apiKey.findUniqueOrThrow({ where: { sid } })).revokedAt;
    expect(await status(child.key.sid)).not.toBeNull();
    expect(await status(rolled.key.sid)).toBeNull(); // the Owner's: out of a Member's reach
  });

  it("an Admin's revocation still reaches every key the Admin's key made or rolled, whoever they act as", async () => {
    const owner = await makeViewer("Lineage Owner");
    const admin = await addMember(owner, "admin", "Lineage Admin");
    const provisioner = await makeKey(admin, { name: "provisioner" });
    const ownersKey = await makeKey(owner, { name: "owner's" });
    const rolled = await rollKey(asKey(admin, provisioner.key), ownersKey.key.sid, "now");
    if (!rolled.ok) throw new Error("setup");
    expect(await revokeKey(admin, provisioner.key.sid, { alsoCreated: true })).toMatchObject({ ok: true, alsoRevoked: [rolled.key.sid] });
  });
});

// Route handlers differ in their params type; the test hands each the params it expects.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
async function call(handler: Handler, method: string, secret: string, sid: string, body?: unknown) {
  const response = await handler(
    new Request(`http://localhost/api/v1/keys/${sid}`, { method, headers: { "content-type": "application/json", authorization: `ApiKey ${secret}` }, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve({ sid }) as Promise<never> },
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe("the API: a Member's key", () => {
  it("gets 403 on a teammate's key, 404 on another workspace's, and manages its member's own", async () => {
    const [membersKey, own, teammates, foreign] = await Promise.all([
      makeKey(team.member, { name: unique("member's API key") }),
      makeKey(team.member, { name: unique("member's other key") }),
      makeKey(team.teammate, { name: unique("teammate's key") }),
      makeKey(outsider, { name: unique("outsider's key") }),
    ]);
    const revokeTeammates = await call(revokeRoute.POST, "POST", membersKey.secret, teammates.key.sid);
    expect(revokeTeammates.status).toBe(403);
    expect(revokeTeammates.body.error.code).toBe("insufficient_role");
    expect(revokeTeammates.body.error.message).toMatch(/Member/);
    expect((await call(rollRoute.POST, "POST", membersKey.secret, teammates.key.sid, { grace: "now" })).status).toBe(403);
    expect((await call(oneRoute.PATCH, "PATCH", membersKey.secret, teammates.key.sid, { name: "pwned" })).status).toBe(403);
    expect((await call(oneRoute.DELETE, "DELETE", membersKey.secret, teammates.key.sid)).status).toBe(403);
    // Reading is every role's.
    expect((await call(oneRoute.GET, "GET", membersKey.secret, teammates.key.sid)).status).toBe(200);
    expect(await db().apiKey.findUniqueOrThrow({ where: { sid: teammates.key.sid } })).toMatchObject({ revokedAt: null, rolledAt: null, name: teammates.key.name });

    const revokeForeign = await call(revokeRoute.POST, "POST", membersKey.secret, foreign.key.sid);
    expect(revokeForeign.status).toBe(404);
    expect(revokeForeign).toEqual(await call(revokeRoute.POST, "POST", membersKey.secret, "key_0000000000000000"));
    expect((await db().apiKey.findUniqueOrThrow({ where: { sid: foreign.key.sid } })).revokedAt).toBeNull();

    expect((await call(revokeRoute.POST, "POST", membersKey.secret, own.key.sid)).status).toBe(200);
  });
});
