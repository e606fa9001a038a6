import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { checkSecondFactor, type SecondFactorMethod } from "./two-factor";
import type { SessionUser } from "./users";

/**
 * The step between a right password and a session, for an account with two-factor on. The
 * password check ends with a challenge instead of a session; only the challenge's id (a
 * 256-bit bearer secret) goes back to the browser, and the sign-in completes when it comes
 * back with a right code: within 5 minutes, in at most 5 tries, once.
 */
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_MAX_ATTEMPTS = 5;

export async function createSecondFactorChallenge(userId: string): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db().authChallenge.create({
    data: { id, purpose: "second_factor", userId, challenge: "", expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) },
    select: { id: true },
  });
  return id;
}

export type ChallengeOutcome =
  | { ok: true; user: SessionUser; method: SecondFactorMethod }
  | { ok: false; reason: "expired" | "wrong_code" }
  | { ok: false; reason: "throttled"; waitSeconds: number };

/**
 * One try at a challenge. The try is counted first, by a conditional increment (unexpired and
 * under the limit), so parallel tries cannot exceed it; the last wrong try ends the challenge,
 * and a right one is consumed by deleting it: whoever deletes it gets the session.
 */
export async function answerSecondFactorChallenge(challengeId: string, code: string): Promise<ChallengeOutcome> {
  const now = new Date();
  const { count } = await db().authChallenge.updateMany({
    where: { id: challengeId, purpose: "second_factor", expiresAt: { gt: now }, attempts: { lt: CHALLENGE_MAX_ATTEMPTS } },
    data: { attempts: { increment: 1 } },
  });
  if (count !== 1) return { ok: false, reason: "expired" };
  const row = await db().authChallenge.findUnique({
    where: { id: challengeId },
    select: { attempts: true, userId: true },
  });
  if (!row?.userId) return { ok: false, reason: "expired" };
  const checked = await checkSecondFactor(row.userId, code, { allowBackupCode: true });
  if (!checked.ok) {
    if (row.attempts >= CHALLENGE_MAX_ATTEMPTS) await db().authChallenge.deleteMany({ where: { id: challengeId } });
    if (checked.reason === "throttled") return checked;
    return { ok: false, reason: checked.reason === "not_enabled" ? "expired" : "wrong_code" };
  }
  const consumed = await db().authChallenge.deleteMany({ where: { id: challengeId, purpose: "second_factor" } });
  if (consumed.count !== 1) return { ok: false, reason: "expired" };
  const found = await db().user.findUnique({ where: { id: row.userId }, select: { id: true, name: true, email: true, sessionVersion: true, disabledAt: true } });
  // Disabled between the password and the code: no session.
  if (!found || found.disabledAt) return { ok: false, reason: "expired" };
  const user = { id: found.id, name: found.name, email: found.email, sessionVersion: found.sessionVersion };
  return { ok: true, user, method: checked.method };
}
