import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { reservePasswordCheck } from "@/lib/limits/rate-limit";
import { verifyPassword } from "@/lib/password";

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
 * What a person may offer as proof. Each kind has its own checker below; a TOTP code and a
 * passkey assertion plug in as further kinds. A backup code is never one: it is for getting
 * back into an account, not for confirming a sensitive action.
 */
export type IdentityProof = { password: string };

export type ConfirmOutcome =
  | { ok: true; until: Date }
  | { ok: false; reason: "wrong_proof" }
  | { ok: false; reason: "rate_limited"; waitSeconds: number }
  | { ok: false; reason: "session_gone" };

const windowMs = () => env().SUDO_MINUTES * 60_000;

type ProofChecker = (userId: string, proof: IdentityProof) => Promise<boolean>;

async function checkPassword(userId: string, proof: IdentityProof): Promise<boolean> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  // verifyPassword runs argon2 against a dummy hash when there is no account, so a missing
  // account costs the same as a wrong password.
  return verifyPassword(user?.passwordHash ?? null, proof.password);
}

/** The checker for a proof's kind (one kind today: `{ password }`). */
const checkerFor = (proof: IdentityProof): ProofChecker => {
  if ("password" in proof) return checkPassword;
  throw new Error("unknown proof kind");
};

/**
 * Checks a proof for the session's person and, when it holds, opens the window on this session
 * only: sudoUntil = now + SUDO_MINUTES. Every check spends the person's password-check budget
 * first (shared with the profile forms), so a stolen session cannot guess at argon2 speed, and
 * a right answer gives the try back.
 */
export async function confirmIdentity(session: SudoSession, proof: IdentityProof): Promise<ConfirmOutcome> {
  const attempt = await reservePasswordCheck(session.viewer.id);
  if (!attempt.ok) return { ok: false, reason: "rate_limited", waitSeconds: attempt.waitSeconds };
  const right = await checkerFor(proof)(session.viewer.id, proof);
  await attempt.settle(right);
  if (!right) return { ok: false, reason: "wrong_proof" };
  const until = new Date(Date.now() + windowMs());
  // The user id in the where: a session id of someone else's can never be extended.
  const updated = await db().userSession.updateMany({ where: { id: session.sessionId, userId: session.viewer.id }, data: { sudoUntil: until } });
  return updated.count === 1 ? { ok: true, until } : { ok: false, reason: "session_gone" };
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
