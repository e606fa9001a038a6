import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeKey, makeViewer } from "@/tests/integration/fixtures";
import { disableUser, enableUser, instanceAdminOf, type InstanceAdmin } from "@/lib/dal/instance-admin";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { describeDelays, me, settle, timeToRefusal } from "./membership-probe";
import { startInstance, type Instance } from "./server";

// An instance admin disables a person (issue 15): every session of theirs and every member key
// that acts as them stop on the next request on every instance. Two instances of the production
// build on one PostgreSQL and Redis, with the verification cache as long as the app allows: only
// the change notice that disableUser sends (changeAccess) can make an instance refuse a key it
// has cached, and only the deleted session rows can end a session whose cookie is still valid.
// The admin acts here, in a third process, as the Admin area would.

const ADMIN_EMAIL = `cluster-admin-${randomBytes(4).toString("hex")}@example.test`;
process.env.LATCHKEY_ADMIN_EMAILS = ADMIN_EMAIL;

const shared = { KEY_CACHE_TTL_MS: "300000", TRUSTED_PROXY_HOPS: "1", FAILED_AUTH_PER_MINUTE: "100000" };
const LIMIT_MS = 1_000;
const client = `198.51.100.${randomInt(1, 255)}`;

let a: Instance;
let b: Instance;
let admin: InstanceAdmin;

beforeAll(async () => {
  if (!process.env.DATABASE_URL?.startsWith("postgres") || !process.env.REDIS_URL) {
    throw new Error("The disabled-user cluster test needs DATABASE_URL (PostgreSQL) and REDIS_URL: run it through npm test.");
  }
  [a, b] = await Promise.all([startInstance(shared), startInstance(shared)]);
  const adminViewer = await makeViewer("Cluster Admin");
  await db().user.update({ where: { id: adminViewer.id }, data: { email: ADMIN_EMAIL, emailVerifiedAt: new Date() }, select: { id: true } });
  const proof = await instanceAdminOf({ ...adminViewer, email: ADMIN_EMAIL } as Viewer);
  if (!proof) throw new Error("the test admin is not an instance admin");
  admin = proof;
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db().$disconnect();
});

const both = <T>(each: (instance: Instance) => Promise<T>) => Promise.all([each(a), each(b)]);
const cookiesOf = (response: Response) => response.headers.getSetCookie().map((c) => c.split(";")[0]!);

/** Signs in on `instance` the way the sign-in form does; the session cookie, which every instance accepts. */
async function signIn(instance: Instance, email: string): Promise<string> {
  const csrf = await fetch(`${instance.url}/api/auth/csrf`, { headers: { "X-Forwarded-For": client } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${instance.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: instance.url, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; "), "X-Forwarded-For": client },
    body: new URLSearchParams({ csrfToken, email, password: "correct horse battery", json: "true" }),
  });
  expect(response.status).toBe(200);
  const session = cookiesOf(response).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error("no session cookie");
  return session;
}

/** Whose session the cookie is on `instance` now: their user id, or null once it ended. */
async function sessionOn(instance: Instance, cookie: string): Promise<string | null> {
  const response = await fetch(`${instance.url}/api/auth/session`, { headers: { cookie, "X-Forwarded-For": client } });
  const body = (await response.json()) as { uid?: string };
  return body.uid ?? null;
}

describe("a disabled person stops on every instance on the next request", () => {
  it("their sessions (signed in on either instance) and their cached member key; re-enabling brings the key back", async () => {
    const person = await makeViewer("Disabled Person");
    const { secret } = await makeKey(person, { name: "member key", permission: "read_write" });
    const cookies = [await signIn(a, person.email), await signIn(b, person.email)];
    for (const cookie of cookies) expect(await both((i) => sessionOn(i, cookie))).toEqual([person.id, person.id]);
    // Both instances verify the key and cache it (for 5 minutes).
    await settle();
    expect(await both((i) => me(i, secret))).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })]);

    expect(await disableUser(admin, person.id)).toMatchObject({ ok: true, sessionsEnded: 2 });
    const disabledAt = Date.now();
    // The member key: each instance forgets it when the change notice arrives (milliseconds).
    const [onA, onB] = await both((i) => timeToRefusal(async () => (await me(i, secret)).status, (status) => status === 401, disabledAt));
    console.log(`[disabled-user] member key refused (401): ${describeDelays([onA, onB])}`);
    expect(onA.ms).toBeLessThan(LIMIT_MS);
    expect(onB.ms).toBeLessThan(LIMIT_MS);
    // Sessions: the rows are gone, and every request reads the row, so the very next one is refused on both.
    for (const cookie of cookies) expect(await both((i) => sessionOn(i, cookie))).toEqual([null, null]);

    // Sign-in is refused on both instances, the same way as a wrong password.
    for (const instance of [a, b]) {
      const csrf = await fetch(`${instance.url}/api/auth/csrf`, { headers: { "X-Forwarded-For": client } });
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const refused = await fetch(`${instance.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: instance.url, "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; "), "X-Forwarded-For": client },
        body: new URLSearchParams({ csrfToken, email: person.email, password: "correct horse battery", json: "true" }),
      });
      expect(new URL(((await refused.json()) as { url: string }).url).searchParams.get("error")).toBe("CredentialsSignin");
    }

    expect(await enableUser(admin, person.id)).toEqual({ ok: true });
    const enabledAt = Date.now();
    const back = await both((i) => timeToRefusal(async () => (await me(i, secret)).status, (status) => status === 200, enabledAt));
    expect(back[0].ms).toBeLessThan(LIMIT_MS);
    expect(back[1].ms).toBeLessThan(LIMIT_MS);
  }, 60_000);
});
