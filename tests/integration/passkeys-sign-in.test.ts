import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { POST as optionsRoute } from "@/app/api/auth/passkey/options/route";
import { authOptions } from "@/lib/auth";
import { relyingPartyFor } from "@/lib/auth/webauthn";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/dal/passkeys";
import { db } from "@/lib/db";
import { PASSKEY_CHALLENGES_PER_IP_PER_MINUTE } from "@/lib/limits/rate-limit";
import { makeViewer } from "./fixtures";
import { SoftAuthenticator } from "./passkeys-authenticator";
import { AuthClient } from "./session-http";

process.env.NEXTAUTH_URL = "http://localhost:3000";
process.env.SIGN_IN_FAILURES_PER_IP = "4";
afterAll(() => db().$disconnect());

const randomIp = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function personWithPasskey() {
  const person = await makeViewer();
  const device = new SoftAuthenticator();
  const { challengeId, options } = await passkeyRegistrationOptions(person, relyingPartyFor("localhost:3000")!);
  const registered = await registerPasskey(person, { challengeId, response: device.register(options), name: "Phone" });
  if (!registered.ok) throw new Error(registered.reason);
  return { person, device };
}

/** POST /api/auth/passkey/options as a browser at http://localhost:3000 from `ip`. */
async function requestOptions(ip: string) {
  const response = await optionsRoute(new Request("http://localhost:3000/api/auth/passkey/options", { method: "POST", headers: { host: "localhost:3000", "x-forwarded-for": ip } }));
  return { status: response.status, body: (await response.json()) as { challengeId: string; options: PublicKeyCredentialRequestOptionsJSON } };
}

describe("passwordless sign-in through next-auth", () => {
  it("signs in with the passkey alone, and the session row says so", async () => {
    const { person, device } = await personWithPasskey();
    const browser = new AuthClient(randomIp());
    const { status, body } = await requestOptions(browser.ip);
    expect(status).toBe(200);
    expect(body.options.rpId).toBe("localhost");
    expect(body.options.allowCredentials ?? []).toEqual([]); // discoverable: nothing tells who may sign in
    const csrfToken = await browser.csrfToken();
    const form = { challengeId: body.challengeId, response: JSON.stringify(device.authenticate(body.options)), csrfToken, callbackUrl: "/settings/api-keys", json: "true" };
    expect((await browser.call("/api/auth/callback/passkey", { method: "POST", form })).status).toBe(200);
    const session = await browser.session();
    expect(session.uid).toBe(person.id);
    const rows = await db().userSession.findMany({ where: { userId: person.id }, select: { method: true } });
    expect(rows).toEqual([{ method: "passkey" }]);

    // The same signed answer again (a replay) starts no second session.
    const replay = new AuthClient(browser.ip);
    await replay.call("/api/auth/callback/passkey", { method: "POST", form: { ...form, csrfToken: await replay.csrfToken() } });
    expect(replay.sessionCookie).toBeUndefined();
    expect(await db().userSession.count({ where: { userId: person.id } })).toBe(1);
  });
});

// The real provider's authorize(), as /api/auth/callback/passkey calls it.
type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const provider = authOptions.providers.find((p) => (p as unknown as { options?: { id?: string } }).options?.id === "passkey") as unknown as { options: { authorize: Authorize } };
const attempt = (credentials: Record<string, string>, ip: string) =>
  provider.options.authorize(credentials, { headers: { "x-forwarded-for": ip } }).then(
    (user) => (user ? "signed_in" : "refused"),
    (error: Error) => (error.message.startsWith("throttled:") ? "throttled" : `error: ${error.message}`),
  );

describe("throttling passkey sign-in per client", () => {
  it("a burst of failures spends the address's budget exactly, then even a valid passkey waits there, not elsewhere", async () => {
    const { person, device } = await personWithPasskey();
    const ip = randomIp();
    // Well-formed answers to challenges that do not exist: each one is checked, and fails.
    const { body } = await requestOptions(randomIp());
    const wrong = { challengeId: randomBytes(24).toString("base64url"), response: JSON.stringify(device.authenticate(body.options)) };
    const burst = await Promise.all(Array.from({ length: 10 }, () => attempt(wrong, ip)));
    expect(burst.filter((a) => a === "refused")).toHaveLength(4);
    expect(burst.filter((a) => a === "throttled")).toHaveLength(6);

    const fresh = await requestOptions(randomIp());
    const valid = { challengeId: fresh.body.challengeId, response: JSON.stringify(device.authenticate(fresh.body.options)) };
    expect(await attempt(valid, ip)).toBe("throttled");
    // Refused before the check: the challenge is still there, and works from another address.
    expect(await attempt(valid, randomIp())).toBe("signed_in");
    expect(await db().userSession.count({ where: { userId: person.id, method: "passkey" } })).toBe(1);
  });

  it("a malformed answer is refused before any work", async () => {
    expect(await attempt({ challengeId: "x", response: "{" }, randomIp())).toBe("refused");
    expect(await attempt({ challengeId: randomBytes(24).toString("base64url"), response: JSON.stringify({ id: "A".repeat(20), type: "public-key" }) }, randomIp())).toBe("refused");
  });

  it("limits how many challenges one address can create", async () => {
    const ip = randomIp();
    const answers = await Promise.all(Array.from({ length: PASSKEY_CHALLENGES_PER_IP_PER_MINUTE + 5 }, () => requestOptions(ip)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(PASSKEY_CHALLENGES_PER_IP_PER_MINUTE);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
  });
});
