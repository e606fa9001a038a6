import "server-only";
import { db } from "@/lib/db";
import { hashPassword, verifyPassword } from "@/lib/password";
import type { Viewer } from "@/lib/viewer";
import { isUniqueViolation } from "./prisma-errors";


export type SessionUser = { id: string; name: string; email: string; sessionVersion: number };

export async function createUser(input: { name: string; email: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db().user.create({
      data: { name: input.name, email: input.email, passwordHash },
      select: { id: true, name: true, email: true, sessionVersion: true },
    });
    return { ok: true as const, user };
  } catch (error) {
    // The unique index decides, not a prior lookup: two sign-ups racing for one address
    // cannot both win.
    if (isUniqueViolation(error)) return { ok: false as const, reason: "email_taken" as const };
    throw error;
  }
}

/** Null for an unknown email and for a wrong password alike, in about the same time. */
export async function authenticate(email: string, password: string): Promise<SessionUser | null> {
  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, sessionVersion: true, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !ok) return null;
  return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}

/** The user behind a session token, or null when the account is gone or the token is stale. */
export async function findSessionUser(id: string, sessionVersion: number): Promise<SessionUser | null> {
  const user = await db().user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, sessionVersion: true },
  });
  return user && user.sessionVersion === sessionVersion ? user : null;
}

export async function updateProfile(viewer: Viewer, input: { name: string; email: string }) {
  try {
    const user = await db().user.update({
      where: { id: viewer.id },
      data: { name: input.name, email: input.email },
      select: { name: true, email: true },
    });
    return { ok: true as const, user };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false as const, reason: "email_taken" as const };
    throw error;
  }
}

/**
 * Changes the password and bumps the session version, which ends every session of the
 * account, this one included: whoever knew the old password should not stay signed in.
 */
export async function changePassword(viewer: Viewer, currentPassword: string, newPassword: string) {
  const user = await db().user.findUnique({ where: { id: viewer.id }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false as const, reason: "wrong_password" as const };
  }
  await db().user.update({
    where: { id: viewer.id },
    data: { passwordHash: await hashPassword(newPassword), sessionVersion: { increment: 1 } },
  });
  return { ok: true as const };
}

/** "Sign out everywhere": every session token of the account, this one included, stops working. */
export async function endAllSessions(viewer: Viewer): Promise<void> {
  await db().user.update({ where: { id: viewer.id }, data: { sessionVersion: { increment: 1 } }, select: { id: true } });
}
