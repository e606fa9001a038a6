import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// First: it gives Next's request scope the AsyncLocalStorage it needs before Next's modules load.
import { AuthClient, inRequest } from "./session-http";
import { searchCredentials } from "@/lib/dal/credential-search";
import { testCredentialConnection } from "@/lib/dal/credential-test";
import { shareCredential } from "@/lib/dal/credential-sharing";
import { createCredential, updateCredential } from "@/lib/dal/credentials";
import { db } from "@/lib/db";
import type { CredentialInput } from "@/lib/validation/credentials";
import type { Viewer } from "@/lib/viewer";
import { PATH_HEADER, WORKSPACE_HEADER } from "@/lib/workspaces/url";
import { addMember, makeViewer } from "./fixtures";
import { startReceiver } from "./receiver";

// "Test connection" never reaches the internet here: every service's origin is replaced by a
// stand-in server on 127.0.0.1 (the test-only override), which the address policy lets through
// only because private networks are allowed, as in the webhook tests.
const standIn = await startReceiver();
process.env.LATCHKEY_SERVICE_BASE_URL_OVERRIDE = `http://127.0.0.1:${standIn.port}`;
process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
process.env.CONNECTION_TESTS_PER_USER_PER_MINUTE = "5";
process.env.MAX_CREDENTIALS = "100";

afterAll(async () => {
  await standIn.close();
  await db().$disconnect();
});

const PASSWORD = "correct horse battery";
const tag = () => randomBytes(4).toString("hex");

async function credential(viewer: Viewer, input: Partial<CredentialInput> & Pick<CredentialInput, "type">, name = `Cred ${tag()}`) {
  // Allowed hosts: the service's own (the DAL fills them in), or the stand-in's for a Custom API.
  const created = await createCredential(viewer, { name, ...(input.service ? {} : { hosts: ["127.0.0.1"] }), ...input });
  if (!created.ok) throw new Error(`credential: ${created.reason}`);
  return created.credential;
}

/** Runs the action as `viewer`'s browser would, on a page of `viewer`'s workspace. */
async function actAs<T>(viewer: Viewer, fn: () => Promise<T>, slug = viewer.workspace.slug): Promise<T> {
  const browser = new AuthClient("203.0.113.61");
  await browser.signIn(viewer.email, PASSWORD);
  const path = `/w/${slug}/settings/credentials/x`;
  const request = browser.request(path, { method: "POST" });
  request.headers.set(WORKSPACE_HEADER, slug);
  request.headers.set(PATH_HEADER, path);
  return inRequest(request, fn);
}
const action = async () => (await import("@/app/(dashboard)/w/[workspace]/settings/credentials/[id]/actions")).testConnectionAction;

describe("credentials from the catalogue", () => {
  it("a credential remembers its service; Custom API is null; a service with another scheme is refused by the DAL", async () => {
    const owner = await makeViewer();
    const stripe = await credential(owner, { type: "bearer", token: "sk_test_x", service: "stripe" });
    const custom = await credential(owner, { type: "bearer", token: "plain" });
    expect(stripe.service).toBe("stripe");
    expect(custom.service).toBeNull();
    const name = `Wrong ${tag()}`;
    const refused = await createCredential(owner, { name, type: "query", fieldName: "key", value: "v", service: "stripe" });
    expect(refused).toEqual({ ok: false, reason: "invalid_service" });
    expect(await db().credential.count({ where: { name } })).toBe(0);
  });

  it("an edit keeps a service's scheme and its service: another type, header or service is refused and changes nothing", async () => {
    const owner = await makeViewer();
    const stripe = await credential(owner, { type: "bearer", token: "sk_test_edit_0001", service: "stripe" });
    const anthropic = await credential(owner, { type: "header", fieldName: "x-api-key", value: "sk-ant-edit-0002", service: "anthropic" });
    const custom = await credential(owner, { type: "bearer", token: "plain-edit-0003" });
    const rows = () => db().credential.findMany({ where: { id: { in: [stripe.id, anthropic.id, custom.id] } }, orderBy: { id: "asc" }, omit: { sealed: false } });
    const before = await rows();
    // As a forged edit would send them: the schema alone lets each through (no service, or one that matches its own fields).
    for (const [id, input] of [
      [stripe.id, { name: "x", type: "query", fieldName: "key", value: "leak" }],
      [stripe.id, { name: "x", type: "bearer", token: "tok", service: "openai" }],
      [anthropic.id, { name: "x", type: "header", fieldName: "X-Other", value: "v" }],
      [custom.id, { name: "x", type: "bearer", token: "tok", service: "openai" }],
    ] as const) {
      expect(await updateCredential(owner, id, input as CredentialInput)).toEqual({ ok: false, reason: "invalid_service" });
    }
    expect(await rows()).toEqual(before);
    // Within its scheme it is edited as before (the header name's case is the service's).
    expect(await updateCredential(owner, anthropic.id, { name: "Anthropic prod", type: "header", fieldName: "X-API-Key", value: "sk-ant-edit-0004", service: "anthropic" })).toMatchObject({ ok: true, credential: { service: "anthropic" } });
    expect(await updateCredential(owner, stripe.id, { name: "Stripe prod", type: "bearer", token: "" })).toMatchObject({ ok: true, credential: { service: "stripe" } });
  });
});

describe("Test connection against a stand-in server", () => {
  it("200, 401 and 403: the credential's header arrives, and the answer is the status code with its hint", async () => {
    const owner = await makeViewer();
    const token = `sk_test_${tag()}${tag()}`;
    const stripe = await credential(owner, { type: "bearer", token, service: "stripe" });
    const testConnection = await action();
    const cases = [
      { status: 200, hint: "The key works." },
      { status: 401, hint: "The key is wrong or revoked." },
      { status: 403, hint: "The key lacks the permission this test needs." },
    ];
    for (const { status, hint } of cases) {
      const before = standIn.received.length;
      // The body echoes the secret, as some services do: it must never come back.
      standIn.reply({ status, body: JSON.stringify({ error: { message: `Invalid API Key provided: ${token}` } }) });
      const result = await actAs(owner, () => testConnection(stripe.id));
      expect(result).toMatchObject({ ok: true, statusCode: status, hint, message: `The service answered ${status}. ${hint}` });
      expect(JSON.stringify(result)).not.toContain(token);
      expect(JSON.stringify(result)).not.toContain("Invalid API Key");
      const got = standIn.received[before];
      expect(got).toMatchObject({ method: "GET", url: "/v1/balance" });
      expect(got.headers.authorization).toBe(`Bearer ${token}`);
    }
  });

  it("Anthropic sends x-api-key and anthropic-version; Twilio Basic with the SID in the path; Slack's ok:false in a 200 is a 401's hint", async () => {
    const owner = await makeViewer();
    const anthropic = await credential(owner, { type: "header", fieldName: "x-api-key", value: "sk-ant-123", service: "anthropic" });
    standIn.reply({ status: 200, body: "{}" });
    let before = standIn.received.length;
    expect(await testCredentialConnection(owner, anthropic.id)).toMatchObject({ ok: true, statusCode: 200, verdict: "ok" });
    expect(standIn.received[before]).toMatchObject({ url: "/v1/models", headers: { "x-api-key": "sk-ant-123", "anthropic-version": "2023-06-01" } });

    const twilio = await credential(owner, { type: "basic", username: "AC0123", password: "authtok", service: "twilio" });
    standIn.reply({ status: 200, body: "{}" });
    before = standIn.received.length;
    await testCredentialConnection(owner, twilio.id);
    expect(standIn.received[before]).toMatchObject({ url: "/2010-04-01/Accounts/AC0123.json", headers: { authorization: `Basic ${Buffer.from("AC0123:authtok").toString("base64")}` } });

    const slack = await credential(owner, { type: "bearer", token: "xoxb-1", service: "slack" });
    standIn.reply({ status: 200, body: '{"ok":false,"error":"invalid_auth"}' });
    before = standIn.received.length;
    expect(await testCredentialConnection(owner, slack.id)).toMatchObject({ ok: true, statusCode: 200, verdict: "unauthorized" });
    expect(standIn.received[before]).toMatchObject({ method: "POST", url: "/api/auth.test" });
  });

  it("a redirect is not followed, and its Location is not repeated", async () => {
    const owner = await makeViewer();
    const elsewhere = await startReceiver();
    try {
      const stripe = await credential(owner, { type: "bearer", token: "sk_redirect", service: "stripe" });
      standIn.reply({ status: 302, headers: { location: elsewhere.url("/steal?sk_redirect") } });
      const result = await testCredentialConnection(owner, stripe.id);
      expect(result).toMatchObject({ ok: true, statusCode: 302, verdict: "other", error: "The service answered with a redirect, which is not followed." });
      expect(elsewhere.received).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it("a Custom API credential has no test, and nothing is sent", async () => {
    const owner = await makeViewer();
    const custom = await credential(owner, { type: "bearer", token: "t" });
    const before = standIn.received.length;
    expect(await testCredentialConnection(owner, custom.id)).toEqual({ ok: false, reason: "no_test" });
    expect(standIn.received.length).toBe(before);
  });
});

describe("who may run Test connection (attacks through the action)", () => {
  let owner: Viewer;
  let stripeId: string;
  beforeAll(async () => {
    owner = await makeViewer();
    stripeId = (await credential(owner, { type: "bearer", token: "sk_owner_only", service: "stripe" })).id;
  });

  it("a Viewer of the workspace, a Member who did not create it, and another workspace's Owner get 'does not exist', and nothing is sent", async () => {
    const testConnection = await action();
    const [viewer, member, stranger] = await Promise.all([addMember(owner, "viewer"), addMember(owner, "member"), makeViewer()]);
    const before = standIn.received.length;
    for (const who of [viewer, member]) {
      expect(await actAs(who, () => testConnection(stripeId))).toEqual({ ok: false, error: "That credential does not exist." });
    }
    // The stranger in their own workspace, and naming the owner's workspace in the URL.
    expect(await actAs(stranger, () => testConnection(stripeId))).toEqual({ ok: false, error: "That credential does not exist." });
    // Not a member there: the same 404 as a workspace that does not exist, before the action runs.
    await expect(actAs(stranger, () => testConnection(stripeId), owner.workspace.slug)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    expect(standIn.received.length).toBe(before);
  });

  it("an Admin may test it once it is shared (testing sends it: use, not management); a malformed id changes nothing; signed out is sent to sign in", async () => {
    const testConnection = await action();
    const admin = await addMember(owner, "admin");
    standIn.reply({ status: 200 });
    const before = standIn.received.length;
    expect(await actAs(admin, () => testConnection(stripeId))).toEqual({ ok: false, error: "That credential does not exist." });
    expect(standIn.received.length).toBe(before);
    expect(await shareCredential(owner, { id: stripeId, sharing: "workspace", members: [], acknowledged: [] })).toMatchObject({ ok: true });
    expect(await actAs(admin, () => testConnection(stripeId))).toMatchObject({ ok: true, statusCode: 200 });
    expect(await actAs(admin, () => testConnection({ id: stripeId }))).toEqual({ ok: false, error: "That credential does not exist." });
    const signedOut = new AuthClient("198.51.100.9");
    await expect(signedOut.run(() => testConnection(stripeId))).rejects.toThrow(/NEXT_REDIRECT/);
  });

  it("is sent only to an allowed host: a Stripe key whose hosts leave out api.stripe.com is not tested, and nothing is sent", async () => {
    const person = await makeViewer();
    const narrowed = await credential(person, { type: "bearer", token: "sk_narrowed", service: "stripe", hosts: ["files.stripe.com"] });
    expect(await testCredentialConnection(person, narrowed.id)).toEqual({ ok: false, reason: "host_not_allowed" });
    expect(standIn.received.filter((r) => r.headers.authorization === "Bearer sk_narrowed")).toHaveLength(0);
  });

  it("is throttled per user: 20 parallel tests send at most the budget (5), and another user is unaffected", async () => {
    const flooder = await makeViewer();
    const other = await makeViewer();
    const [mine, theirs] = await Promise.all([
      credential(flooder, { type: "bearer", token: "sk_flood", service: "openai" }),
      credential(other, { type: "bearer", token: "sk_other", service: "openai" }),
    ]);
    const before = standIn.received.filter((r) => r.headers.authorization === "Bearer sk_flood").length;
    const results = await Promise.all(Array.from({ length: 20 }, () => testCredentialConnection(flooder, mine.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    for (const r of results.filter((r) => !r.ok)) expect(r).toMatchObject({ ok: false, reason: "rate_limited", budget: 5 });
    expect(standIn.received.filter((r) => r.headers.authorization === "Bearer sk_flood").length - before).toBe(5);
    expect(await testCredentialConnection(other, theirs.id)).toMatchObject({ ok: true });
  });
});

describe("the list filtered by service and searched by name", () => {
  it("counts per service, filters, searches case-folded, and shows a Member only their own", async () => {
    const owner = await makeViewer();
    const member = await addMember(owner, "member");
    await credential(owner, { type: "bearer", token: "a", service: "stripe" }, "Stripe Live");
    await credential(owner, { type: "bearer", token: "b", service: "stripe" }, "Stripe Test");
    await credential(owner, { type: "bearer", token: "c", service: "openai" }, "OpenAI Prod");
    await credential(owner, { type: "header", fieldName: "X-API-Key", value: "d" }, "Inventory");
    await credential(member, { type: "bearer", token: "e", service: "github" }, "Member GitHub");

    const all = await searchCredentials(owner, { service: "all", query: "" });
    expect(all.total).toBe(5);
    expect(Object.fromEntries(all.counts)).toEqual({ stripe: 2, openai: 1, custom: 1, github: 1 });

    const stripe = await searchCredentials(owner, { service: "stripe", query: "" });
    expect(stripe.credentials.map((c) => c.name)).toEqual(["Stripe Live", "Stripe Test"]);
    expect((await searchCredentials(owner, { service: "custom", query: "" })).credentials.map((c) => c.name)).toEqual(["Inventory"]);
    expect((await searchCredentials(owner, { service: "stripe", query: "TEST" })).credentials.map((c) => c.name)).toEqual(["Stripe Test"]);
    expect((await searchCredentials(owner, { service: "all", query: "prod" })).credentials.map((c) => c.name)).toEqual(["OpenAI Prod"]);
    expect((await searchCredentials(owner, { service: "openai", query: "live" })).credentials).toEqual([]);

    // A Member's counts and results cover only what they may see.
    const mine = await searchCredentials(member, { service: "all", query: "" });
    expect(mine.total).toBe(1);
    expect(Object.fromEntries(mine.counts)).toEqual({ github: 1 });
    expect((await searchCredentials(member, { service: "stripe", query: "" })).credentials).toEqual([]);
  });
});
