import { afterAll, describe, expect, it } from "vitest";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { relyingPartyFor } from "@/lib/auth/webauthn";
import {
  consumeChallenge,
  hasPasskey,
  listPasskeys,
  passkeyReauthOptions,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  registerPasskey,
  removePasskey,
  renamePasskey,
  verifyPasskeyForUser,
  verifyPasskeySignIn,
} from "@/lib/dal/passkeys";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { makeViewer } from "./fixtures";
import { SoftAuthenticator } from "./passkeys-authenticator";

// The public URL the relying party comes from; the software authenticator is "on" this origin.
process.env.NEXTAUTH_URL = "http://localhost:3000";
afterAll(() => db().$disconnect());

const rp = () => relyingPartyFor("localhost:3000")!;

/** A person with one registered passkey on `device`. */
async function withPasskey(device = new SoftAuthenticator(), viewer?: Viewer) {
  const person = viewer ?? (await makeViewer());
  const { challengeId, options } = await passkeyRegistrationOptions(person, rp());
  const registered = await registerPasskey(person, { challengeId, response: device.register(options), name: "Laptop" });
  if (!registered.ok) throw new Error(`registration failed: ${registered.reason}`);
  return { person, device, passkey: registered.passkey };
}

async function signInWith(device: SoftAuthenticator) {
  const { challengeId, options } = await passkeySignInOptions(rp());
  return verifyPasskeySignIn(challengeId, device.authenticate(options));
}

describe("registering a passkey", () => {
  it("stores it under the person with its name, and only their list shows it", async () => {
    const { person, passkey } = await withPasskey();
    const other = await makeViewer();
    expect(passkey).toMatchObject({ name: "Laptop", lastUsedAt: null });
    expect((await listPasskeys(person)).map((p) => p.id)).toEqual([passkey.id]);
    expect(await listPasskeys(other)).toEqual([]);
    expect(await hasPasskey(person.id)).toBe(true);
    expect(await hasPasskey(other.id)).toBe(false);
  });

  it("excludes the person's passkeys from new registrations and asks for a discoverable key", async () => {
    const { person, passkey } = await withPasskey();
    const { options } = await passkeyRegistrationOptions(person, rp());
    const stored = await db().passkey.findUniqueOrThrow({ where: { id: passkey.id }, select: { credentialId: true } });
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([stored.credentialId]);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "preferred" });
    expect(options.rp).toEqual({ id: "localhost", name: "Latchkey" });
  });

  it("uses a challenge once: two parallel verifications of one response, one wins; a replay fails", async () => {
    const person = await makeViewer();
    const device = new SoftAuthenticator();
    const { challengeId, options } = await passkeyRegistrationOptions(person, rp());
    const response = device.register(options);
    const results = await Promise.all([1, 2].map(() => registerPasskey(person, { challengeId, response, name: "Twice" })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: "expired" });
    expect(await registerPasskey(person, { challengeId, response, name: "Again" })).toEqual({ ok: false, reason: "expired" });
    expect(await listPasskeys(person)).toHaveLength(1);
  });

  it("refuses an expired challenge, and someone else's", async () => {
    const person = await makeViewer();
    const device = new SoftAuthenticator();
    const stale = await passkeyRegistrationOptions(person, rp());
    await db().authChallenge.update({ where: { id: stale.challengeId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await registerPasskey(person, { challengeId: stale.challengeId, response: device.register(stale.options), name: "Late" })).toEqual({ ok: false, reason: "expired" });
    expect(await db().authChallenge.count({ where: { id: stale.challengeId } })).toBe(0);

    const mine = await passkeyRegistrationOptions(person, rp());
    const intruder = await makeViewer();
    expect(await registerPasskey(intruder, { challengeId: mine.challengeId, response: device.register(mine.options), name: "Stolen" })).toEqual({ ok: false, reason: "expired" });
    expect(await listPasskeys(intruder)).toEqual([]);
  });

  it("refuses a response made for another site or another challenge", async () => {
    const person = await makeViewer();
    const evil = new SoftAuthenticator("https://evil.example");
    const first = await passkeyRegistrationOptions(person, rp());
    expect(await registerPasskey(person, { challengeId: first.challengeId, response: evil.register(first.options), name: "Evil" })).toEqual({ ok: false, reason: "invalid" });
    const device = new SoftAuthenticator();
    const a = await passkeyRegistrationOptions(person, rp());
    const b = await passkeyRegistrationOptions(person, rp());
    expect(await registerPasskey(person, { challengeId: b.challengeId, response: device.register(a.options), name: "Swapped" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("gives one credential one owner: the same credential registered by someone else is refused", async () => {
    const { person, device } = await withPasskey();
    const other = await makeViewer();
    const { challengeId, options } = await passkeyRegistrationOptions(other, rp());
    // Browsers refuse this (excludeCredentials, and the key is bound to the first account), but
    // a crafted response need not come from a browser.
    const result = await registerPasskey(other, { challengeId, response: device.register(options, device.credentials[0]), name: "Copy" });
    expect(result).toEqual({ ok: false, reason: "duplicate" });
    expect(await listPasskeys(other)).toEqual([]);
    expect(await listPasskeys(person)).toHaveLength(1);
  });
});

describe("renaming and removing", () => {
  it("changes only the person's own passkey: someone else's is 'not found' and stays as it was", async () => {
    const { person, passkey } = await withPasskey();
    const other = await makeViewer();
    expect(await renamePasskey(other, passkey.id, "Mine now")).toBe(false);
    expect(await removePasskey(other, passkey.id)).toBe(false);
    expect((await listPasskeys(person))[0]).toMatchObject({ id: passkey.id, name: "Laptop" });
    expect(await renamePasskey(person, passkey.id, "Work laptop")).toBe(true);
    expect((await listPasskeys(person))[0].name).toBe("Work laptop");
    expect(await removePasskey(person, passkey.id)).toBe(true);
    expect(await listPasskeys(person)).toEqual([]);
    expect(await removePasskey(person, passkey.id)).toBe(false);
  });
});

describe("signing in with a passkey", () => {
  it("returns the passkey's user and records the counter and the time", async () => {
    const { person, device, passkey } = await withPasskey();
    const user = await signInWith(device);
    expect(user).toMatchObject({ id: person.id, email: person.email });
    const row = await db().passkey.findUniqueOrThrow({ where: { id: passkey.id }, select: { counter: true, lastUsedAt: true } });
    expect(row.counter).toBe(1);
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("uses a sign-in challenge once: two parallel verifications, one user; a replay gets nothing", async () => {
    const { person, device } = await withPasskey();
    const { challengeId, options } = await passkeySignInOptions(rp());
    const response = device.authenticate(options);
    const results = await Promise.all([1, 2].map(() => verifyPasskeySignIn(challengeId, response)));
    expect(results.filter((u) => u?.id === person.id)).toHaveLength(1);
    expect(results.filter((u) => u === null)).toHaveLength(1);
    expect(await verifyPasskeySignIn(challengeId, response)).toBeNull();
  });

  it("refuses an expired challenge and a challenge meant for re-authentication", async () => {
    const { person, device } = await withPasskey();
    const stale = await passkeySignInOptions(rp());
    await db().authChallenge.update({ where: { id: stale.challengeId }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await verifyPasskeySignIn(stale.challengeId, device.authenticate(stale.options))).toBeNull();
    const reauth = (await passkeyReauthOptions(person.id, rp()))!;
    expect(await verifyPasskeySignIn(reauth.challengeId, device.authenticate(reauth.options))).toBeNull();
  });

  it("refuses a cloned authenticator whose counter went backwards", async () => {
    const { device } = await withPasskey();
    expect(await signInWith(device)).not.toBeNull();
    expect(await signInWith(device)).not.toBeNull();
    device.credentials[0].counter = 0; // the clone signs with counter 1, the server has seen 2
    expect(await signInWith(device)).toBeNull();
  });

  it("no longer works once the passkey is removed", async () => {
    const { person, device, passkey } = await withPasskey();
    expect(await signInWith(device)).not.toBeNull();
    await removePasskey(person, passkey.id);
    expect(await signInWith(device)).toBeNull();
  });

  it("refuses an unknown credential and a tampered signature", async () => {
    const { device } = await withPasskey();
    const stranger = new SoftAuthenticator();
    stranger.register(await unusedOptions()); // a key the server never stored
    expect(await signInWith(stranger)).toBeNull();
    const { challengeId, options } = await passkeySignInOptions(rp());
    const response = device.authenticate(options);
    const signature = Buffer.from(response.response.signature, "base64url");
    signature[signature.length - 1] ^= 1;
    expect(await verifyPasskeySignIn(challengeId, { ...response, response: { ...response.response, signature: signature.toString("base64url") } })).toBeNull();
  });
});

describe("re-authentication (sudo mode)", () => {
  it("accepts the person's own passkey against their own challenge, once", async () => {
    const { person, device } = await withPasskey();
    const { challengeId, options } = (await passkeyReauthOptions(person.id, rp()))!;
    expect(options.allowCredentials).toHaveLength(1);
    const response = device.authenticate(options);
    expect(await verifyPasskeyForUser(person.id, response, challengeId)).toBe(true);
    expect(await verifyPasskeyForUser(person.id, response, challengeId)).toBe(false);
  });

  it("refuses someone else's passkey, and a challenge issued to someone else", async () => {
    const { person } = await withPasskey();
    const other = await withPasskey();
    const mine = (await passkeyReauthOptions(person.id, rp()))!;
    // Another person's valid passkey against my challenge.
    expect(await verifyPasskeyForUser(person.id, other.device.authenticate(mine.options as PublicKeyCredentialRequestOptionsJSON), mine.challengeId)).toBe(false);
    // Their own passkey, against a challenge issued to me.
    const again = (await passkeyReauthOptions(person.id, rp()))!;
    expect(await verifyPasskeyForUser(other.person.id, other.device.authenticate(again.options), again.challengeId)).toBe(false);
    expect(await passkeyReauthOptions((await makeViewer()).id, rp())).toBeNull();
  });
});

describe("challenges", () => {
  it("are taken by exactly one of many parallel claims", async () => {
    const { challengeId } = await passkeySignInOptions(rp());
    const claims = await Promise.all(Array.from({ length: 8 }, () => consumeChallenge(challengeId, "passkey_sign_in", null)));
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
  });
});

async function unusedOptions() {
  return (await passkeyRegistrationOptions(await makeViewer(), rp())).options;
}
