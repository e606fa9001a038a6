import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { emailVerificationRequired } from "@/lib/env";
import { appUrl, queueMail, resetPasswordMessage, verifyEmailMessage } from "@/lib/mail";
import { hashPassword } from "@/lib/password";
import { accountTokenSchema } from "@/lib/validation/auth";
import type { Tx } from "./workspace-lock";

// Links sent by mail that prove the reader has the mailbox. Like invitation links: 256 random
// bits, only a SHA-256 stored (nothing to guess offline), single use, short-lived. Unknown,
// malformed, expired and used links get one answer, so a link says nothing about the account.

export type AccountTokenPurpose = "verify_email" | "reset_password";

const PREFIX: Record<AccountTokenPurpose, string> = { verify_email: "lkv_", reset_password: "lkr_" };
const LIFETIME_MS: Record<AccountTokenPurpose, number> = { verify_email: 24 * 3_600_000, reset_password: 3_600_000 };

const hashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");
const purposeOf = (token: string): AccountTokenPurpose | null =>
  accountTokenSchema.safeParse(token).success ? (token.startsWith("lkv_") ? "verify_email" : "reset_password") : null;

type Client = Tx | ReturnType<typeof db>;

/** A new link for `userId` at `email`. Returned once; only its hash is stored. */
export async function issueAccountToken(userId: string, email: string, purpose: AccountTokenPurpose, client: Client = db()): Promise<string> {
  const token = `${PREFIX[purpose]}${randomBytes(32).toString("base64url")}`;
  await client.accountToken.create({
    data: { userId, email, purpose, tokenHash: hashOf(token), expiresAt: new Date(Date.now() + LIFETIME_MS[purpose]) },
    select: { id: true },
  });
  return token;
}

const liveWhere = (token: string, purpose: AccountTokenPurpose, now: Date) => ({ tokenHash: hashOf(token), purpose, usedAt: null, expiresAt: { gt: now } });

/** Whether a link still works, without using it (the page a link opens; a GET never consumes). */
export async function accountTokenIsLive(token: string, purpose: AccountTokenPurpose): Promise<boolean> {
  if (purposeOf(token) !== purpose) return false;
  return (await db().accountToken.count({ where: liveWhere(token, purpose, new Date()) })) === 1;
}

/**
 * Uses a link once: a compare-and-set on usedAt, so of two parallel uses exactly one wins.
 * Returns the account and the address it was sent to, or null for every kind of dead link.
 */
async function consume(tx: Tx, token: string, purpose: AccountTokenPurpose, now: Date) {
  if (purposeOf(token) !== purpose) return null;
  const claimed = await tx.accountToken.updateMany({ where: liveWhere(token, purpose, now), data: { usedAt: now } });
  if (claimed.count !== 1) return null;
  return tx.accountToken.findUnique({ where: { tokenHash: hashOf(token) }, select: { userId: true, email: true } });
}

export type TokenResult = { ok: true } | { ok: false; reason: "invalid" };
const INVALID = { ok: false as const, reason: "invalid" as const };

/**
 * Verifies the address a verify link was sent to, if it is still the account's address: a link
 * sent to an old address must not vouch for the new one.
 */
export async function verifyEmailWithToken(token: string): Promise<TokenResult> {
  const now = new Date();
  return db().$transaction(async (tx) => {
    const used = await consume(tx, token, "verify_email", now);
    if (!used) return INVALID;
    const marked = await tx.user.updateMany({ where: { id: used.userId, email: used.email }, data: { emailVerifiedAt: now } });
    return marked.count === 1 ? { ok: true as const } : INVALID;
  });
}

/**
 * Sets a new password through a reset link: the password changes, the session version moves on
 * and every session row goes (everyone signed in, whoever they are, is signed out), and every
 * other reset link of the account stops working. The link also proves the mailbox, so the
 * address counts as verified if it is the one the link was sent to.
 */
export async function resetPasswordWithToken(token: string, newPassword: string): Promise<TokenResult> {
  // Hashing costs ~50 ms of CPU: only for a link that looks alive (the claim below decides).
  if (!(await accountTokenIsLive(token, "reset_password"))) return INVALID;
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  return db().$transaction(async (tx) => {
    const used = await consume(tx, token, "reset_password", now);
    if (!used) return INVALID;
    await tx.user.update({ where: { id: used.userId }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { id: true } });
    await tx.user.updateMany({ where: { id: used.userId, email: used.email, emailVerifiedAt: null }, data: { emailVerifiedAt: now } });
    await tx.userSession.deleteMany({ where: { userId: used.userId } });
    await tx.accountToken.updateMany({ where: { userId: used.userId, purpose: "reset_password", usedAt: null }, data: { usedAt: now } });
    return { ok: true as const };
  });
}

/** The account with this address, for sending it a link: id, name, email; null if none. */
export async function accountByEmail(email: string) {
  return db().user.findUnique({ where: { email }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
}

/** Fire and forget: whatever happens after the answer is logged, never thrown into a request. */
export function later(label: string, work: () => Promise<unknown>): void {
  void work().catch((error: unknown) => console.error(`[mail] ${label} failed:`, error instanceof Error ? error.name : "unknown error"));
}

/** Issues a verify link for the account's current address and mails it there. */
export async function sendVerificationMail(userId: string, origin?: string | null): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { id: true, name: true, email: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt) return;
  const token = await issueAccountToken(user.id, user.email, "verify_email");
  queueMail({ to: user.email, ...verifyEmailMessage({ name: user.name, link: appUrl(`/verify-email/${token}`, origin) }) });
}

/**
 * "Forgot password?": returns at once and the same way whether or not an account has this
 * address; the lookup, the link and the mail happen after the answer, so neither the answer
 * nor its timing tells which addresses have accounts.
 */
export function requestPasswordReset(email: string, origin?: string | null): void {
  later("password reset", async () => {
    const user = await accountByEmail(email);
    if (!user) return;
    const token = await issueAccountToken(user.id, user.email, "reset_password");
    queueMail({ to: user.email, ...resetPasswordMessage({ name: user.name, link: appUrl(`/reset-password/${token}`, origin) }) });
  });
}

/** For the operator's command line (scripts/admin.ts): a reset link, or null for no such account. */
export async function adminResetLink(email: string): Promise<string | null> {
  const user = await accountByEmail(email);
  if (!user) return null;
  return appUrl(`/reset-password/${await issueAccountToken(user.id, user.email, "reset_password")}`);
}

/**
 * Whether the account may do what needs a verified address (create keys, accept invitations):
 * always when REQUIRE_EMAIL_VERIFICATION is off, else once its current address is verified.
 */
export async function emailIsVerified(userId: string): Promise<boolean> {
  if (!emailVerificationRequired()) return true;
  const user = await db().user.findUnique({ where: { id: userId }, select: { emailVerifiedAt: true } });
  return user?.emailVerifiedAt != null;
}

/** For the "verify your address" banner: null when there is nothing to ask of this person. */
export async function pendingVerification(userId: string): Promise<{ email: string; required: boolean } | null> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt) return null;
  return { email: user.email, required: emailVerificationRequired() };
}
