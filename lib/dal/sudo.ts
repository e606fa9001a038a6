import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { reservePasswordCheck } from "@/lib/limits/rate-limit";
import { verifyPassword } from "@/lib/password";
import type { AuthenticationResponse } from "@/lib/validation/passkeys";
import type { ReauthMethod } from "@/lib/validation/reauth";
import { verifyPasskeyForUser } from "./passkeys";
import { checkSecondFactor, hasAuthenticatorApp } from "./two-factor";

/**
 * Re-authentication before sensitive actions ("sudo mode", as GitHub calls it). A stolen
 * session cookie must not be enough to roll, revoke or delete keys, change members or move the
 * account: those actions need a proof of identity from the last SUDO_MINUTES, kept on the
 * session's row (so every instance honours it, and signing out ends it with the row).
 *
 * The sign-in itself is such a proof: a session counts as re-authenticated for SUDO_MINUTES
 * after it was created, as on GitHub, so the person who just signed in is not asked again.
 */

/** The browser session a re-authentication belongs to: the signed-in person and their session row. */
export type SudoSession = { viewer: { id: string }; sessionId: string };

/**
 * What a person may offer as proof: their password, a code from their authenticator app, or a
 * passkey assertion for a challenge made for this purpose (passkeyReauthOptions). A backup code
 * is never one: it is for getting back into an account, not for confirming a sensitive action.
 */
export type IdentityProof =
  | { password: string }
  | { totpCode: string }
  | { passkey: { challengeId: string; response: AuthenticationResponse } };

export type ConfirmOutcome =
  | { ok: true; until: Date }
  | { ok: false; reason: "wrong_proof" }
  | { ok: false; reason: "rate_limited"; waitSeconds: number }
  | { ok: false; reason: "session_gone" };

type Checked = { ok: true } | Exclude<ConfirmOutcome, { ok: true }>;

const windowMs = () => env().SUDO_MINUTES * 60_000;

/**
 * A password spends the person's password-check budget first (shared with the profile forms),
 * so a stolen session cannot guess at argon2 speed; a right answer gives the try back.
 */
async function checkPassword(userId: string, password: string): Promise<Checked> {
  const attempt = await reservePasswordCheck(userId);
  if (!attempt.ok) return { ok: false, reason: "rate_limited", waitSeconds: attempt.waitSeconds };
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  // verifyPassword runs argon2 against a dummy hash when there is no account, so a missing
  // account costs the same as a wrong password.
  const right = await verifyPassword(user?.passwordHash ?? null, password);
  await attempt.settle(right);
  return right ? { ok: true } : { ok: false, reason: "wrong_proof" };
}

/**
 * An authenticator code goes through the one second-factor check sign-in uses: the same
 * throttle (wrong codes spend the account's budget) and the same replay guard (a code accepted
 * at sign-in cannot confirm an action, and the other way round). Backup codes are refused.
 */
async function checkTotp(userId: string, code: string): Promise<Checked> {
  const checked = await checkSecondFactor(userId, code, { allowBackupCode: false });
  if (checked.ok) return { ok: true };
  if (checked.reason === "throttled") return { ok: false, reason: "rate_limited", waitSeconds: checked.waitSeconds };
  return { ok: false, reason: "wrong_proof" };
}

/**
 * A passkey assertion: its challenge was made for this person and purpose, and is used up by
 * this check whatever its outcome, so an assertion can never be replayed. Nothing to throttle:
 * a signature cannot be guessed, and making challenges is throttled per address.
 */
async function checkPasskey(userId: string, proof: { challengeId: string; response: AuthenticationResponse }): Promise<Checked> {
  return (await verifyPasskeyForUser(userId, proof.response, proof.challengeId)) ? { ok: true } : { ok: false, reason: "wrong_proof" };
}

function check(userId: string, proof: IdentityProof): Promise<Checked> {
  if ("password" in proof) return checkPassword(userId, proof.password);
  if ("totpCode" in proof) return checkTotp(userId, proof.totpCode);
  return checkPasskey(userId, proof.passkey);
}

/**
 * Checks a proof for the session's person and, when it holds, opens the window on this session
 * only: sudoUntil = now + SUDO_MINUTES.
 */
export async function confirmIdentity(session: SudoSession, proof: IdentityProof): Promise<ConfirmOutcome> {
  const checked = await check(session.viewer.id, proof);
  if (!checked.ok) return checked;
  const until = new Date(Date.now() + windowMs());
  // The user id in the where: a session id of someone else's can never be extended.
  const updated = await db().userSession.updateMany({ where: { id: session.sessionId, userId: session.viewer.id }, data: { sudoUntil: until } });
  return updated.count === 1 ? { ok: true, until } : { ok: false, reason: "session_gone" };
}

/** The ways this person can confirm, strongest first; the password always works. */
export async function reauthMethods(userId: string): Promise<ReauthMethod[]> {
  const [passkeys, totp] = await Promise.all([db().passkey.count({ where: { userId } }), hasAuthenticatorApp(userId)]);
  return [...(passkeys > 0 ? (["passkey"] as const) : []), ...(totp ? (["totp"] as const) : []), "password"];
}

/**
 * Whether the session proved its person's identity within the last SUDO_MINUTES: a
 * confirmation (sudoUntil in the future) or the sign-in that created it. Read from the
 * database on every call, never from a token or a cache.
 */
export async function hasRecentAuth(session: SudoSession): Promise<boolean> {
  const row = await db().userSession.findUnique({ where: { id: session.sessionId }, select: { userId: true, createdAt: true, sudoUntil: true } });
  if (!row || row.userId !== session.viewer.id) return false;
  const now = Date.now();
  return (row.sudoUntil !== null && row.sudoUntil.getTime() > now) || row.createdAt.getTime() + windowMs() > now;
}
