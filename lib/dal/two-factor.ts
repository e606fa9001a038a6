import "server-only";
import { createHmac, randomInt } from "node:crypto";
import { matchTotpStep, newTotpSecret } from "@/lib/auth/totp";
import { keyRing } from "@/lib/crypto/key-ring";
import { open, seal } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { reserveSecondFactorCheck } from "@/lib/limits/rate-limit";
import { verifyPassword } from "@/lib/password";
import type { Viewer } from "@/lib/viewer";
import { appUrl, queueMail, twoFactorChangedMessage } from "@/lib/mail";
import { auditActorOf, writeAuditEvent } from "./audit";
import { changeAccess } from "./key-sync";

/**
 * Two-factor sign-in with an authenticator app (TOTP) and single-use backup codes. The secret
 * is sealed with the key ring like a credential, bound to its user: a sealed value copied to
 * another account's row does not open. A code is accepted once: the step it matched must be
 * later than the last accepted one, written by a conditional update, so of two requests
 * carrying one code exactly one wins, on every instance.
 */
export const BACKUP_CODE_COUNT = 10;
export const totpAad = (userId: string) => `totp:${userId}`;

export type SecondFactorMethod = "totp" | "backup_code";
export type SecondFactorCheck = { ok: true; method: SecondFactorMethod } | { ok: false; reason: "wrong_code" | "not_enabled" } | { ok: false; reason: "throttled"; waitSeconds: number };

// Ten lower-case characters without look-alikes (0/o, 1/l/i), shown as xxxxx-xxxxx: ~50 bits.
const BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const newBackupCode = () => Array.from({ length: 10 }, () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]).join("").replace(/^(.{5})/, "$1-");
// What a person typed, as stored: spaces, dashes and case do not matter.
const normalBackupCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");
// Peppered and bound to the user: a leaked table cannot be checked offline or moved across accounts.
const backupCodeHash = (userId: string, code: string) => createHmac("sha256", env().KEY_PEPPER).update(`backup:${userId}:${normalBackupCode(code)}`).digest("base64url");

const totpRow = (userId: string) =>
  db().user.findUnique({ where: { id: userId }, select: { totpKeyId: true, totpSealed: true, totpEnabledAt: true, passwordHash: true } });

const openSecret = (userId: string, row: { totpKeyId: string | null; totpSealed: string | null }) =>
  row.totpKeyId && row.totpSealed ? open(keyRing(), { keyId: row.totpKeyId, sealed: row.totpSealed }, totpAad(userId)) : null;

/** Whether the account has an authenticator app on (sign-in then asks for its code after the password). Not the policy's rule, which counts passkeys too: two-factor-status.ts. */
export async function hasAuthenticatorApp(userId: string): Promise<boolean> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  return Boolean(row?.totpEnabledAt);
}

export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; backupCodesLeft: number };

export async function twoFactorStatus(viewer: Viewer): Promise<TwoFactorStatus> {
  const [row, left] = await Promise.all([
    db().user.findUnique({ where: { id: viewer.id }, select: { totpEnabledAt: true } }),
    db().backupCode.count({ where: { userId: viewer.id, usedAt: null } }),
  ]);
  const enabledAt = row?.totpEnabledAt ?? null;
  return { enabled: enabledAt !== null, enabledAt, backupCodesLeft: enabledAt ? left : 0 };
}

/** A new secret, stored sealed but not on until confirmed with a code. Returned once, to show. */
export async function startTotpSetup(viewer: Viewer): Promise<{ ok: true; secret: string } | { ok: false; reason: "already_on" }> {
  const secret = newTotpSecret();
  const sealed = seal(keyRing(), secret, totpAad(viewer.id));
  // Only while off: a setup started in another tab must not replace a secret that is in use.
  const { count } = await db().user.updateMany({
    where: { id: viewer.id, totpEnabledAt: null },
    data: { totpKeyId: sealed.keyId, totpSealed: sealed.sealed, totpLastStep: null },
  });
  return count === 1 ? { ok: true, secret } : { ok: false, reason: "already_on" };
}

async function replaceBackupCodes(userId: string, tx: Pick<ReturnType<typeof db>, "backupCode"> = db()): Promise<string[]> {
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  await tx.backupCode.deleteMany({ where: { userId } });
  await tx.backupCode.createMany({ data: codes.map((code) => ({ userId, codeHash: backupCodeHash(userId, code) })) });
  return codes;
}

type Refusal = { ok: false; reason: "wrong_code" | "not_started" | "already_on" | "not_enabled" | "wrong_password" } | { ok: false; reason: "throttled"; waitSeconds: number };

/** Turns two-factor on with a code from the app; the ten backup codes are returned once. */
export async function confirmTotpSetup(viewer: Viewer, code: string): Promise<{ ok: true; backupCodes: string[] } | Refusal> {
  const row = await totpRow(viewer.id);
  if (!row) return { ok: false, reason: "not_started" };
  if (row.totpEnabledAt) return { ok: false, reason: "already_on" };
  const secret = openSecret(viewer.id, row);
  if (!secret) return { ok: false, reason: "not_started" };
  const attempt = await reserveSecondFactorCheck(viewer.id);
  if (!attempt.ok) return { ok: false, reason: "throttled", waitSeconds: attempt.waitSeconds };
  const step = matchTotpStep(secret, code, Date.now());
  await attempt.settle(step !== null);
  if (step === null) return { ok: false, reason: "wrong_code" };
  const backupCodes = await changeAccess({ userId: viewer.id }, async (tx) => {
    // Through changeAccess: a workspace that requires two-factor lets this person's member keys
    // work again on every instance at once (lib/dal/key-sync.ts).
    // Conditional on the sealed secret read above: a setup restarted meanwhile (a new secret)
    // is not switched on by a code for the old one.
    const { count } = await tx.user.updateMany({
      where: { id: viewer.id, totpEnabledAt: null, totpSealed: row.totpSealed },
      data: { totpEnabledAt: new Date(), totpLastStep: step },
    });
    if (count !== 1) return null;
    await writeAuditEvent(tx, auditActorOf(viewer), "two_factor_enabled");
    return replaceBackupCodes(viewer.id, tx);
  });
  if (!backupCodes) return { ok: false, reason: "not_started" };
  mailTwoFactorChange(viewer, true);
  return { ok: true, backupCodes };
}

/**
 * Checks a second-factor code for `userId`: an authenticator code whose step is later than the
 * last accepted one, or (with allowBackupCode) an unused backup code, which it uses up. Wrong
 * codes spend the account's second-factor budget (reserveSecondFactorCheck). Stable: sign-in
 * and re-authentication ("sudo mode", allowBackupCode false) both call it.
 */
export async function checkSecondFactor(userId: string, code: string, { allowBackupCode }: { allowBackupCode: boolean }): Promise<SecondFactorCheck> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { totpKeyId: true, totpSealed: true, totpEnabledAt: true } });
  const secret = row?.totpEnabledAt ? openSecret(userId, row) : null;
  if (!row || !secret) return { ok: false, reason: "not_enabled" };
  const attempt = await reserveSecondFactorCheck(userId);
  if (!attempt.ok) return { ok: false, reason: "throttled", waitSeconds: attempt.waitSeconds };
  const typed = code.trim().replace(/\s/g, "");
  let method: SecondFactorMethod | null = null;
  const step = matchTotpStep(secret, typed, Date.now());
  if (step !== null) {
    // The replay guard: only a step after the last accepted one, in one conditional write.
    const { count } = await db().user.updateMany({
      where: { id: userId, totpEnabledAt: { not: null }, totpSealed: row.totpSealed, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    if (count === 1) method = "totp";
  } else if (allowBackupCode && /^[a-z0-9]{10}$/.test(normalBackupCode(typed))) {
    const { count } = await db().backupCode.updateMany({ where: { userId, codeHash: backupCodeHash(userId, typed), usedAt: null }, data: { usedAt: new Date() } });
    if (count === 1) method = "backup_code";
  }
  await attempt.settle(method !== null);
  return method ? { ok: true, method } : { ok: false, reason: "wrong_code" };
}

/** Turns two-factor off, with a code (authenticator or backup) or the account's password. */
export async function disableTwoFactor(viewer: Viewer, proof: { code: string } | { password: string }): Promise<{ ok: true } | Refusal> {
  const row = await totpRow(viewer.id);
  if (!row?.totpEnabledAt) return { ok: false, reason: "not_enabled" };
  if ("code" in proof) {
    const checked = await checkSecondFactor(viewer.id, proof.code, { allowBackupCode: true });
    if (!checked.ok) return checked.reason === "throttled" ? checked : { ok: false, reason: checked.reason === "not_enabled" ? "not_enabled" : "wrong_code" };
  } else {
    const attempt = await reserveSecondFactorCheck(viewer.id);
    if (!attempt.ok) return { ok: false, reason: "throttled", waitSeconds: attempt.waitSeconds };
    const right = await verifyPassword(row.passwordHash, proof.password);
    await attempt.settle(right);
    if (!right) return { ok: false, reason: "wrong_password" };
  }
  await changeAccess({ userId: viewer.id }, async (tx) => {
    // Through changeAccess: where a workspace requires two-factor, this person's member keys
    // stop on every instance at once (lib/dal/key-sync.ts).
    await tx.user.update({ where: { id: viewer.id }, data: { totpEnabledAt: null, totpKeyId: null, totpSealed: null, totpLastStep: null }, select: { id: true } });
    await tx.backupCode.deleteMany({ where: { userId: viewer.id } });
    await writeAuditEvent(tx, auditActorOf(viewer), "two_factor_disabled");
  });
  mailTwoFactorChange(viewer, false);
  return { ok: true };
}

/** Tells the account's address that two-factor went on or off (after the change is written; never fails it). */
function mailTwoFactorChange(viewer: Viewer, enabled: boolean): void {
  const message = twoFactorChangedMessage({ enabled, method: "An authenticator app", at: new Date(), securityUrl: appUrl("/settings/security") });
  queueMail({ to: viewer.email, ...message });
}

/** Ten new backup codes (the old ones stop working), for a code from the authenticator app. */
export async function regenerateBackupCodes(viewer: Viewer, code: string): Promise<{ ok: true; backupCodes: string[] } | Refusal> {
  const checked = await checkSecondFactor(viewer.id, code, { allowBackupCode: false });
  if (!checked.ok) return checked.reason === "throttled" ? checked : { ok: false, reason: checked.reason === "not_enabled" ? "not_enabled" : "wrong_code" };
  const backupCodes = await db().$transaction(async (tx) => {
    const codes = await replaceBackupCodes(viewer.id, tx);
    await writeAuditEvent(tx, auditActorOf(viewer), "backup_codes_regenerated");
    return codes;
  });
  return { ok: true, backupCodes };
}
