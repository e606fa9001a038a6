import "server-only";
import { randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { expectedParties, RP_NAME, type RelyingParty } from "@/lib/auth/webauthn";
import { db } from "@/lib/db";
import type { AuthenticationResponse, RegistrationResponse } from "@/lib/validation/passkeys";
import type { Viewer } from "@/lib/viewer";
import { isUniqueViolation } from "./prisma-errors";
import type { SessionUser } from "./users";
import { changeAccess } from "./key-sync";

/**
 * Passkeys (WebAuthn). Every ceremony starts with a challenge row (AuthChallenge): random,
 * bound to its purpose and, except for a passwordless sign-in, to the user; it lives 5 minutes
 * and is deleted by the first verification that presents it, whether that verification then
 * succeeds or not, so a response can never be replayed and two parallel verifications of one
 * challenge cannot both win. A person's passkeys are only ever read or changed with their
 * user id in the `where`.
 */
const CHALLENGE_TTL_MS = 5 * 60_000;
/** Enough for every device a person owns; bounds what one account can store. */
export const MAX_PASSKEYS = 20;

type Purpose = "passkey_register" | "passkey_sign_in" | "reauth";
export type PasskeyRow = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null; backedUp: boolean };
const PASSKEY_DTO = { id: true, name: true, createdAt: true, lastUsedAt: true, backedUp: true } as const;

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const transportsOf = (row: { transports: string }) => (row.transports ? row.transports.split(",") : undefined);

async function newChallenge(purpose: Purpose, userId: string | null, challenge: string): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  const now = Date.now();
  // Unclaimed sign-in challenges are anyone's to create: clear the expired ones as we go, so
  // abandoned ceremonies never pile up (an index on expiresAt keeps this cheap).
  await db().authChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now) }, purpose: { in: ["passkey_register", "passkey_sign_in", "reauth"] } } });
  await db().authChallenge.create({ data: { id, purpose, userId, challenge, expiresAt: new Date(now + CHALLENGE_TTL_MS) }, select: { id: true } });
  return id;
}

/**
 * Takes a challenge for one verification: its value, or null when it does not exist, expired,
 * is for another purpose or user, or another verification took it first. The delete is the
 * claim: of two callers, exactly one sees count 1.
 */
export async function consumeChallenge(id: string, purpose: Purpose, userId: string | null): Promise<string | null> {
  const row = await db().authChallenge.findFirst({ where: { id, purpose, userId }, select: { challenge: true, expiresAt: true } });
  if (!row) return null;
  const { count } = await db().authChallenge.deleteMany({ where: { id, purpose, userId } });
  if (count !== 1 || row.expiresAt.getTime() <= Date.now()) return null;
  return row.challenge;
}

/** The person's passkeys, newest first. */
export async function listPasskeys(viewer: Viewer): Promise<PasskeyRow[]> {
  return db().passkey.findMany({ where: { userId: viewer.id }, select: PASSKEY_DTO, orderBy: { createdAt: "desc" } });
}

/** Whether this person has a passkey: a second factor for the workspace two-factor policy. */
export async function hasPasskey(userId: string): Promise<boolean> {
  return (await db().passkey.count({ where: { userId } })) > 0;
}

export async function renamePasskey(viewer: Viewer, passkeyId: string, name: string): Promise<boolean> {
  const { count } = await db().passkey.updateMany({ where: { id: passkeyId, userId: viewer.id }, data: { name } });
  return count === 1;
}

export async function removePasskey(viewer: Viewer, passkeyId: string): Promise<boolean> {
  // Through changeAccess: a passkey counts as two-factor (two-factor-status.ts), so where a
  // workspace requires it, removing the last one stops this person's member keys at once.
  const { count } = await changeAccess({ userId: viewer.id }, (tx) => tx.passkey.deleteMany({ where: { id: passkeyId, userId: viewer.id } }));
  return count === 1;
}

/**
 * Options for navigator.credentials.create(). The user handle is the user id (no email or name
 * in it: authenticators may show or sync it). A discoverable ("resident") key is required, so
 * the passkey can sign in without an email; passkeys the person already has are excluded, so an
 * authenticator is not registered twice.
 */
export async function passkeyRegistrationOptions(viewer: Viewer, rp: RelyingParty): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await db().passkey.findMany({ where: { userId: viewer.id }, select: { credentialId: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userID: new TextEncoder().encode(viewer.id),
    userName: viewer.email,
    userDisplayName: viewer.name,
    attestationType: "none",
    excludeCredentials: existing.map((row) => ({ id: row.credentialId, transports: transportsOf(row) })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  return { challengeId: await newChallenge("passkey_register", viewer.id, options.challenge), options };
}

export type RegisterResult = { ok: true; passkey: PasskeyRow } | { ok: false; reason: "expired" | "invalid" | "duplicate" | "limit" };

/** Verifies a new passkey against this person's challenge and stores it under `name`. */
export async function registerPasskey(viewer: Viewer, input: { challengeId: string; response: RegistrationResponse; name: string }): Promise<RegisterResult> {
  const challenge = await consumeChallenge(input.challengeId, "passkey_register", viewer.id);
  if (!challenge) return { ok: false, reason: "expired" };
  const { origins, rpIDs } = expectedParties();
  const verified = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: origins,
    expectedRPID: rpIDs,
    requireUserVerification: false,
  }).catch(() => null);
  if (!verified?.verified) return { ok: false, reason: "invalid" };
  const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
  if ((await db().passkey.count({ where: { userId: viewer.id } })) >= MAX_PASSKEYS) return { ok: false, reason: "limit" };
  try {
    // Through changeAccess, like removal: a first passkey can satisfy a workspace's two-factor policy.
    const passkey = await changeAccess({ userId: viewer.id }, (tx) => tx.passkey.create({
      data: {
        userId: viewer.id,
        credentialId: credential.id,
        publicKey: b64url(credential.publicKey),
        counter: credential.counter,
        transports: (credential.transports ?? []).join(","),
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name: input.name,
      },
      select: PASSKEY_DTO,
    }));
    return { ok: true, passkey };
  } catch (error) {
    // The authenticator is registered already (excludeCredentials makes browsers refuse this,
    // but a crafted response need not): one credential, one row, one owner.
    if (isUniqueViolation(error)) return { ok: false, reason: "duplicate" };
    throw error;
  }
}

/** Options for a passwordless sign-in: no user yet, so any discoverable passkey for this RP. */
export async function passkeySignInOptions(rp: RelyingParty): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: "preferred" });
  return { challengeId: await newChallenge("passkey_sign_in", null, options.challenge), options };
}

/** Options for re-authentication ("sudo mode"): only this person's passkeys. */
export async function passkeyReauthOptions(userId: string, rp: RelyingParty): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON } | null> {
  const existing = await db().passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  if (existing.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    userVerification: "preferred",
    allowCredentials: existing.map((row) => ({ id: row.credentialId, transports: transportsOf(row) })),
  });
  return { challengeId: await newChallenge("reauth", userId, options.challenge), options };
}

/**
 * Checks an assertion against a taken challenge: the credential is looked up by its id (and,
 * for re-authentication, must be `userId`'s), the library checks origin, RP ID, challenge,
 * signature and that the signature counter moved forward (a cloned authenticator), and the new
 * counter and the time are stored. Returns the passkey's user, or null for any failure.
 */
async function verifyAssertion(challenge: string, response: AuthenticationResponse, userId: string | null): Promise<SessionUser | null> {
  const row = await db().passkey.findUnique({
    where: { credentialId: response.id },
    select: { id: true, userId: true, publicKey: true, counter: true, transports: true, user: { select: { id: true, name: true, email: true, sessionVersion: true, disabledAt: true } } },
  });
  // A disabled account (lib/dal/instance-admin.ts) signs in with nothing.
  if (!row || row.user.disabledAt || (userId !== null && row.userId !== userId)) return null;
  // A user handle, when the authenticator returns one, must name the passkey's owner.
  if (response.response.userHandle && Buffer.from(response.response.userHandle, "base64url").toString() !== row.userId) return null;
  const { origins, rpIDs } = expectedParties();
  const verified = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: origins,
    expectedRPID: rpIDs,
    credential: { id: response.id, publicKey: Buffer.from(row.publicKey, "base64url"), counter: row.counter, transports: transportsOf(row) },
    requireUserVerification: false,
  }).catch(() => null);
  if (!verified?.verified) return null;
  const { count } = await db().passkey.updateMany({
    // Conditional on the counter read: a parallel use of a cloned key cannot move it back.
    where: { id: row.id, userId: row.userId, counter: row.counter },
    data: { counter: verified.authenticationInfo.newCounter, lastUsedAt: new Date() },
  });
  return count === 1 ? { id: row.user.id, name: row.user.name, email: row.user.email, sessionVersion: row.user.sessionVersion } : null;
}

/** A passwordless sign-in: the assertion against an unclaimed sign-in challenge; the user, or null. */
export async function verifyPasskeySignIn(challengeId: string, response: AuthenticationResponse): Promise<SessionUser | null> {
  const challenge = await consumeChallenge(challengeId, "passkey_sign_in", null);
  return challenge ? verifyAssertion(challenge, response, null) : null;
}

/** Re-authentication ("sudo mode"): true when `userId` proved one of their own passkeys. */
export async function verifyPasskeyForUser(userId: string, response: AuthenticationResponse, challengeId: string): Promise<boolean> {
  const challenge = await consumeChallenge(challengeId, "reauth", userId);
  return challenge ? (await verifyAssertion(challenge, response, userId)) !== null : false;
}

