import "server-only";
import { db } from "@/lib/db";
import { appUrl, queueMail, signUpAttemptMessage } from "@/lib/mail";
import { hashPassword, verifyPassword } from "@/lib/password";
import type { Viewer } from "@/lib/viewer";
import { accountByEmail, later, sendVerificationMail } from "./account-tokens";
import { isUniqueViolation } from "./prisma-errors";
import { createOwnedWorkspace, personalWorkspaceName } from "./workspaces";


export type SessionUser = { id: string; name: string; email: string; sessionVersion: number };

export async function createUser(input: { name: string; email: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  try {
    // The account and its first workspace, which it owns, together or not at all.
    const user = await db().$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash },
        select: { id: true, name: true, email: true, sessionVersion: true },
      });
      await createOwnedWorkspace(tx, created.id, personalWorkspaceName(created.name));
      return created;
    }, { maxWait: 20_000, timeout: 20_000 });
    return { ok: true as const, user };
  } catch (error) {
    // The unique index decides, not a prior lookup: two sign-ups racing for one address
    // cannot both win.
    if (isUniqueViolation(error)) return { ok: false as const, reason: "email_taken" as const };
    throw error;
  }
}

/**
 * Both paths answer no sooner than this after they started: usually longer than either takes,
 * so both answer at the same moment whatever the machine's load does to the median below.
 */
const SIGN_UP_MIN_MS = 400;
const atLeast = async (started: number) => {
  const left = SIGN_UP_MIN_MS - (performance.now() - started);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
};

// How long the last few successful sign-ups took (this process), for the refused path to match.
const g = globalThis as unknown as { __latchkeySignUpMs?: { recent: number[] } };
const signUpMs = (g.__latchkeySignUpMs ??= { recent: [] });
const medianOf = (values: number[]) => (values.length === 0 ? 0 : [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);

/**
 * Sign-up that does not tell which addresses have accounts: the caller gets nothing back, and
 * both paths do the same work before returning (createUser hashes the password first either
 * way; the unique index refuses a taken address after that). What differs happens after the
 * answer: a new account gets a verify link, the owner of a taken address a notice.
 */
export async function signUp(input: { name: string; email: string; password: string }, origin?: string | null): Promise<void> {
  const started = performance.now();
  const created = await createUser(input);
  const took = performance.now() - started;
  if (created.ok) {
    // Creating the account and its workspace takes longer than being refused by the index;
    // the refused path waits out the usual creation time, so timing does not tell them apart.
    signUpMs.recent = [...signUpMs.recent.slice(-15), took];
    later("verification mail", () => sendVerificationMail(created.user.id, origin));
    await atLeast(started);
    return;
  }
  const wait = Math.min(2_000, medianOf(signUpMs.recent) - took);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await atLeast(started);
  later("sign-up notice", async () => {
    const owner = await accountByEmail(input.email);
    if (!owner) return;
    const message = signUpAttemptMessage({ name: owner.name, signInUrl: appUrl("/sign-in", origin), resetUrl: appUrl("/forgot-password", origin) });
    queueMail({ to: owner.email, ...message });
  });
}

/** Null for an unknown email, a wrong password and a disabled account alike, in about the same time. */
export async function authenticate(email: string, password: string): Promise<SessionUser | null> {
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, sessionVersion: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  // A disabled account (lib/dal/instance-admin.ts) gets the same null as a wrong password,
  // after the same work: the answer does not tell that the account exists or is disabled.
  if (!user || !ok || user.disabledAt) return null;
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}

export type ProfileChange = { name: string; email: string; currentPassword?: string };

/**
 * Saves name and email. A new email needs the current password: whoever holds a session (a
 * borrowed laptop, a stolen cookie) must not be able to move the account to their own
 * address. It also ends every other session of the account; `keepSessionId`, the browser
 * making the change, stays signed in.
 */
export async function updateProfile(viewer: Viewer, input: ProfileChange, keepSessionId: string) {
  const user = await db().user.findUnique({ where: { id: viewer.id }, select: { email: true, passwordHash: true } });
  if (!user) return { ok: false as const, reason: "not_found" as const };
  const emailChanges = input.email !== user.email;
  if (emailChanges) {
    if (!input.currentPassword) return { ok: false as const, reason: "password_required" as const };
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false as const, reason: "wrong_password" as const };
  }
  try {
    const updated = await db().$transaction(async (tx) => {
      // A new address is unverified until its owner follows the link sent there (below).
      const data = emailChanges ? { name: input.name, email: input.email, emailVerifiedAt: null } : { name: input.name };
      const saved = await tx.user.update({ where: { id: viewer.id }, data, select: { name: true, email: true } });
      if (emailChanges) await tx.userSession.deleteMany({ where: { userId: viewer.id, id: { not: keepSessionId } } });
      return saved;
    });
    if (emailChanges) later("verification mail", () => sendVerificationMail(viewer.id));
    return { ok: true as const, user: updated, emailChanged: emailChanges };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false as const, reason: "email_taken" as const };
    throw error;
  }
}

/**
 * Changes the password, bumps the session version and deletes every session row, which ends
 * every session of the account, this one included: whoever knew the old password should not
 * stay signed in.
 */
export async function changePassword(viewer: Viewer, currentPassword: string, newPassword: string) {
  const user = await db().user.findUnique({ where: { id: viewer.id }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false as const, reason: "wrong_password" as const };
  }
  const passwordHash = await hashPassword(newPassword);
  await db().$transaction([
    db().user.update({ where: { id: viewer.id }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { id: true } }),
    db().userSession.deleteMany({ where: { userId: viewer.id } }),
  ]);
  return { ok: true as const };
}

/**
 * "Sign out everywhere": every session of the account, this one included, stops working. The
 * rows go (a copied cookie finds none) and the version moves on (a token from before this
 * moment fails the version check too, should a row ever be missed).
 */
export async function endAllSessions(viewer: Viewer): Promise<void> {
  await db().$transaction([
    db().user.update({ where: { id: viewer.id }, data: { sessionVersion: { increment: 1 } }, select: { id: true } }),
    db().userSession.deleteMany({ where: { userId: viewer.id } }),
  ]);
}
