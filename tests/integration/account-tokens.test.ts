import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountTokenIsLive,
  adminResetLink,
  issueAccountToken,
  requestPasswordReset,
  resetPasswordWithToken,
  verifyEmailWithToken,
} from "@/lib/dal/account-tokens";
import { authenticate, createUser, signUp, updateProfile } from "@/lib/dal/users";
import { db } from "@/lib/db";
import { startMailSink } from "../../e2e/mail-sink";
import { makeViewer } from "./fixtures";

const PASSWORD = "correct horse battery";
let sink: Awaited<ReturnType<typeof startMailSink>>;

beforeAll(async () => {
  sink = await startMailSink();
  // Before anything reads the environment (lib/env.ts parses it once, on first use).
  process.env.SMTP_URL = sink.url;
  process.env.NEXTAUTH_URL = "http://keys.example.test";
});
afterAll(async () => {
  await sink.close();
  await db().$disconnect();
});

const email = (label: string) => `${label}-${randomBytes(6).toString("hex")}@example.test`;
const userRow = (id: string) => db().user.findUniqueOrThrow({ where: { id }, select: { emailVerifiedAt: true, sessionVersion: true, email: true } });
const linkIn = (text: string, path: string) => text.match(new RegExp(`http://keys\\.example\\.test/${path}/(lk[vr]_[A-Za-z0-9_-]{43})`))?.[1];

async function newUser() {
  const created = await createUser({ name: "Token Person", email: email("tok"), password: PASSWORD });
  if (!created.ok) throw new Error("could not create user");
  return created.user;
}

describe("account tokens", () => {
  it("stores only a SHA-256 of the link, with the right prefix and lifetime", async () => {
    const user = await newUser();
    const token = await issueAccountToken(user.id, user.email, "verify_email");
    expect(token).toMatch(/^lkv_[A-Za-z0-9_-]{43}$/);
    const rows = await db().accountToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    const hours = (rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(24, 1);
    const reset = await issueAccountToken(user.id, user.email, "reset_password");
    expect(reset).toMatch(/^lkr_/);
    const resetRow = await db().accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: "reset_password" } });
    expect((resetRow.expiresAt.getTime() - resetRow.createdAt.getTime()) / 3_600_000).toBeCloseTo(1, 1);
  });

  it("a verify link verifies once; two parallel uses: exactly one wins", async () => {
    const user = await newUser();
    expect((await userRow(user.id)).emailVerifiedAt).toBeNull();
    const token = await issueAccountToken(user.id, user.email, "verify_email");
    expect(await accountTokenIsLive(token, "verify_email")).toBe(true);
    expect(await accountTokenIsLive(token, "verify_email")).toBe(true); // looking does not use it
    const results = await Promise.all([verifyEmailWithToken(token), verifyEmailWithToken(token), verifyEmailWithToken(token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await userRow(user.id)).emailVerifiedAt).not.toBeNull();
    expect(await verifyEmailWithToken(token)).toEqual({ ok: false, reason: "invalid" });
  });

  it("expired, used, unknown, malformed and wrong-purpose links get one neutral answer", async () => {
    const user = await newUser();
    const expired = await issueAccountToken(user.id, user.email, "verify_email");
    await db().accountToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const reset = await issueAccountToken(user.id, user.email, "reset_password");
    const answers = await Promise.all([
      verifyEmailWithToken(expired),
      verifyEmailWithToken(`lkv_${randomBytes(32).toString("base64url")}`),
      verifyEmailWithToken("lkv_short"),
      verifyEmailWithToken(reset),
      resetPasswordWithToken(expired.replace(/^lkv_/, "lkr_"), "a brand new password"),
    ]);
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: "invalid" });
    expect((await userRow(user.id)).emailVerifiedAt).toBeNull();
    expect(await accountTokenIsLive(reset, "reset_password")).toBe(true);
  });

  it("a link sent to the old address does not verify a changed address", async () => {
    const viewer = await makeViewer();
    const token = await issueAccountToken(viewer.id, viewer.email, "verify_email");
    const moved = await updateProfile(viewer, { name: viewer.name, email: email("moved"), currentPassword: PASSWORD }, "no-session");
    expect(moved.ok).toBe(true);
    expect(await verifyEmailWithToken(token)).toEqual({ ok: false, reason: "invalid" });
    expect((await userRow(viewer.id)).emailVerifiedAt).toBeNull();
  });

  it("changing the email makes it unverified and mails a verify link to the new address", async () => {
    const viewer = await makeViewer();
    await db().user.update({ where: { id: viewer.id }, data: { emailVerifiedAt: new Date() } });
    const to = email("newaddr");
    expect((await updateProfile(viewer, { name: viewer.name, email: to, currentPassword: PASSWORD }, "no-session")).ok).toBe(true);
    expect((await userRow(viewer.id)).emailVerifiedAt).toBeNull();
    const mail = await sink.waitFor(to, /Verify your email/);
    const token = linkIn(mail.text, "verify-email");
    expect(token).toBeDefined();
    expect(await verifyEmailWithToken(token!)).toEqual({ ok: true });
    expect((await userRow(viewer.id)).emailVerifiedAt).not.toBeNull();
  });

  it("a reset sets the password, ends every session and kills the other reset links; parallel uses: one wins", async () => {
    const user = await newUser();
    await db().userSession.createMany({
      data: [1, 2].map((n) => ({ id: `s-${user.id}-${n}`, userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) })),
    });
    const before = await userRow(user.id);
    const [first, second] = await Promise.all([issueAccountToken(user.id, user.email, "reset_password"), issueAccountToken(user.id, user.email, "reset_password")]);
    const results = await Promise.all([resetPasswordWithToken(first, "new password one!"), resetPasswordWithToken(first, "new password two!")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const after = await userRow(user.id);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(await db().userSession.count({ where: { userId: user.id } })).toBe(0);
    expect(await authenticate(user.email, PASSWORD)).toBeNull();
    const winner = results[0]!.ok ? "new password one!" : "new password two!";
    expect(await authenticate(user.email, winner)).not.toBeNull();
    expect(await resetPasswordWithToken(second, "yet another password")).toEqual({ ok: false, reason: "invalid" });
  });

  it("forgot password mails a working link to an account, and nothing to an unknown address", async () => {
    const user = await newUser();
    const unknown = email("nobody");
    expect(requestPasswordReset(user.email, null)).toBeUndefined();
    expect(requestPasswordReset(unknown, null)).toBeUndefined();
    const mail = await sink.waitFor(user.email, /Reset your password/);
    expect(mail.html).toContain("Choose a new password");
    const token = linkIn(mail.text, "reset-password");
    expect(await resetPasswordWithToken(token!, "from the mailbox!")).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.some((m) => m.to.includes(unknown))).toBe(false);
  });

  it("the admin reset link works once; an unknown address gets none", async () => {
    const user = await newUser();
    const link = await adminResetLink(user.email);
    expect(link).toMatch(/^http:\/\/keys\.example\.test\/reset-password\/lkr_/);
    expect(await adminResetLink(email("none"))).toBeNull();
    const token = link!.split("/").pop()!;
    expect(await resetPasswordWithToken(token, "admin issued pw")).toEqual({ ok: true });
    expect(await resetPasswordWithToken(token, "admin issued pw")).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("sign-up without enumeration", () => {
  it("a free and a taken address get the same answer; the new account gets a verify link, the owner a notice", async () => {
    const takenUser = await newUser();
    const timed = async (address: string) => {
      const started = performance.now();
      const answer = await signUp({ name: "Someone", email: address, password: PASSWORD }, null);
      const ms = performance.now() - started;
      // Let the mail sent after the answer go before the next measurement.
      await new Promise((r) => setTimeout(r, 250));
      return { answer, ms };
    };
    // Warm up argon2, the connection and the usual creation time, then measure in turns.
    for (let i = 0; i < 10; i++) await timed(email("warm"));
    const free: number[] = [];
    const taken: number[] = [];
    const freeAddress = email("free");
    const answers = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const a = await timed(i === 0 ? freeAddress : email("free"));
      const b = await timed(takenUser.email);
      free.push(a.ms);
      taken.push(b.ms);
      answers.add(JSON.stringify(a.answer ?? null)).add(JSON.stringify(b.answer ?? null));
    }
    expect(answers.size).toBe(1);
    const median = (v: number[]) => [...v].sort((x, y) => x - y)[2]!;
    console.log(`[timing] sign-up median free ${median(free).toFixed(1)} ms, taken ${median(taken).toFixed(1)} ms`);
    // Similar, not equal: within half the slower one (without the wait, taken took ~40% of free).
    expect(Math.abs(median(free) - median(taken))).toBeLessThan(Math.max(median(free), median(taken)) / 2);
    const notice = await sink.waitFor(takenUser.email, /Someone tried to sign up/);
    expect(notice.text).not.toMatch(/lk[vr]_/);
    const verify = await sink.waitFor(freeAddress, /Verify your email/);
    expect(linkIn(verify.text, "verify-email")).toBeDefined();
    expect((await authenticate(takenUser.email, PASSWORD))?.id).toBe(takenUser.id);
  });
});
