import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { cache } from "react";
import { db } from "@/lib/db";
import { describeUserAgent } from "@/lib/user-agent";
import { appUrl, newSignInMessage, queueMail } from "@/lib/mail";
import type { Viewer } from "@/lib/viewer";
import { isUniqueViolation } from "./prisma-errors";
import type { SessionUser } from "./users";

/**
 * Browser sessions. The session JWT cannot be revoked by itself: a copied cookie would keep
 * working until it expires. So every sign-in gets a row here, the JWT carries the row's id, and
 * every use of the JWT (pages, actions, /api/auth/session) needs the row: deleting it ends
 * that session wherever the cookie has been copied to.
 */

/** How long a session lives without being used; the JWT's maxAge in lib/auth.ts is the same. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
// lastSeenAt (and the expiry that moves with it) is written at most once a minute per session,
// not on every request.
const TOUCH_EVERY_MS = 60_000;

// Request headers are the client's to write: keep a bounded, printable copy for display.
const printable = (value: string | null, max: number) => value?.replace(/[\p{Cc}\p{Cf}]/gu, "").slice(0, max) || null;

/** How a session signed in, as the session list shows it. */
export type SignInMethod = "password" | "password+totp" | "password+backup_code" | "passkey";

/** Who signed in from where: the address, the User-Agent header, and the device cookie (lib/http/device.ts). */
export type SignInClient = { ip: string | null; userAgent: string | null; device?: string | null };

/** A new session row for a user who just signed in; returns its id for the JWT. */
export async function createSession(userId: string, client: SignInClient, method: SignInMethod = "password"): Promise<string> {
  // 256 random bits: the id is a bearer secret inside the (encrypted) JWT, never guessable.
  const id = randomBytes(32).toString("base64url");
  const now = Date.now();
  // Expired rows are deleted by the retention job (retention.ts), not on the sign-in path.
  await db().userSession.create({
    data: { id, userId, expiresAt: new Date(now + SESSION_MAX_AGE_SECONDS * 1000), ip: printable(client.ip, 45), userAgent: printable(client.userAgent, 300), method },
    select: { id: true },
  });
  // A notice, never a reason to refuse the sign-in that just succeeded.
  await noticeNewDevice(userId, client, new Date(now)).catch((error: Error) => console.error("[sign-in] new-device notice:", error.name));
  return id;
}

const deviceLabel = (userAgent: string | null) => {
  const { browser, system } = describeUserAgent(userAgent);
  return system ? `${browser} on ${system}` : browser;
};

/**
 * "New sign-in to your account": mailed when a sign-in comes from a browser this account has
 * not signed in from before (its device cookie's hash is not among the account's known
 * devices), except the account's very first sign-in. A browser without the cookie (a script,
 * cookies cleared) counts as new every time. Never fails the sign-in: the mail is queued.
 */
async function noticeNewDevice(userId: string, client: SignInClient, at: Date): Promise<void> {
  const label = deviceLabel(client.userAgent);
  const deviceHash = client.device ? createHash("sha256").update(`device:${client.device}`).digest("base64url") : null;
  if (deviceHash) {
    const seen = await db().knownDevice.updateMany({ where: { userId, deviceHash }, data: { lastSeenAt: at, label } });
    if (seen.count === 1) return;
  }
  const known = await db().knownDevice.count({ where: { userId } });
  if (deviceHash) {
    try {
      await db().knownDevice.create({ data: { userId, deviceHash, label, firstSeenAt: at, lastSeenAt: at }, select: { userId: true } });
    } catch (error) {
      // Two sign-ins from one new browser at once: the other one recorded it, and mails.
      if (isUniqueViolation(error)) return;
      throw error;
    }
  }
  // The first device an account signs in from is not news (nor is anything before one is known).
  if (known === 0) return;
  const user = await db().user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return;
  const message = newSignInMessage({ device: label, address: printable(client.ip, 45) ?? "unknown", at, securityUrl: appUrl("/settings/security") });
  queueMail({ to: user.email, ...message });
}

/**
 * The user behind a session, or null when the row is gone (signed out), expired, belongs to
 * someone else, or the account's session version moved on (password change, sign out
 * everywhere). Memoised per request (React cache): next-auth's jwt callback and getViewer()
 * ask the same question in one request and the database answers once.
 */
export const findLiveSession = cache(async (sessionId: string, userId: string, sessionVersion: number): Promise<SessionUser | null> => {
  const row = await db().userSession.findUnique({
    where: { id: sessionId },
    select: { userId: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, name: true, email: true, sessionVersion: true, disabledAt: true } } },
  });
  const now = Date.now();
  // A disabled account's rows are deleted when it is disabled; refusing it here too means a
  // session created in a race with the disabling (a sign-in in flight) still ends at once.
  if (!row || row.userId !== userId || row.user.sessionVersion !== sessionVersion || row.user.disabledAt || row.expiresAt.getTime() <= now) return null;
  if (now - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    // Conditional on the value read: of several requests arriving together, one writes.
    await db().userSession.updateMany({
      where: { id: sessionId, lastSeenAt: row.lastSeenAt },
      data: { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_MAX_AGE_SECONDS * 1000) },
    });
  }
  return { id: row.user.id, name: row.user.name, email: row.user.email, sessionVersion: row.user.sessionVersion };
});

/** "Sign out": this session only. The user id comes from the same verified JWT as the session id. */
export async function endSession(sessionId: string, userId: string): Promise<void> {
  await db().userSession.deleteMany({ where: { id: sessionId, userId } });
}


/**
 * What the session list may show of a session. Not its id: that is the bearer secret inside
 * the session token. A page names a session by `handle`, a hash of the id that opens nothing.
 */
export type SessionDTO = {
  handle: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  method: string;
  createdAt: Date;
  lastSeenAt: Date;
};

const handleOf = (sessionId: string) => createHash("sha256").update(`session-handle:${sessionId}`).digest("base64url").slice(0, 22);

/** The viewer's live sessions, the most recently used first, `currentSessionId` marked. */
export async function listSessions(viewer: Viewer, currentSessionId: string): Promise<SessionDTO[]> {
  const rows = await db().userSession.findMany({
    where: { userId: viewer.id, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, ip: true, userAgent: true, method: true, createdAt: true, lastSeenAt: true },
  });
  return rows.map(({ id, ...row }) => ({ ...row, handle: handleOf(id), current: id === currentSessionId }));
}

/**
 * Ends another of the viewer's sessions, named by its handle; false when none of theirs has it
 * (this browser's own session ends with Sign out, which also clears its cookie).
 * Deleting the row ends it on that browser's next request, on every instance (findLiveSession).
 */
export async function endSessionByHandle(viewer: Viewer, handle: string, currentSessionId: string): Promise<boolean> {
  const rows = await db().userSession.findMany({ where: { userId: viewer.id, id: { not: currentSessionId } }, select: { id: true } });
  const row = rows.find((r) => handleOf(r.id) === handle);
  if (!row) return false;
  const { count } = await db().userSession.deleteMany({ where: { id: row.id, userId: viewer.id } });
  return count === 1;
}

/** "Sign out all other sessions": every session of the viewer's account but this one. */
export async function endOtherSessions(viewer: Viewer, currentSessionId: string): Promise<number> {
  const { count } = await db().userSession.deleteMany({ where: { userId: viewer.id, id: { not: currentSessionId } } });
  return count;
}
