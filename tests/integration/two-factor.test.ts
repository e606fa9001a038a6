import { afterAll, describe, expect, it } from "vitest";
import { totpCode } from "@/lib/auth/totp";
import { checkSecondFactor, confirmTotpSetup, disableTwoFactor, hasAuthenticatorApp, regenerateBackupCodes, startTotpSetup, twoFactorStatus } from "@/lib/dal/two-factor";
import { db } from "@/lib/db";
import type { Viewer } from "@/lib/viewer";
import { makeViewer } from "./fixtures";

process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "10";

afterAll(() => db().$disconnect());

const STEP = 30_000;
const codeAt = (secret: string, offsetSteps = 0) => totpCode(secret, Date.now() + offsetSteps * STEP);

/** A fresh account with two-factor on; the code that confirmed it has been used. */
async function withTwoFactor(): Promise<{ viewer: Viewer; secret: string; backupCodes: string[] }> {
  const viewer = await makeViewer();
  const started = await startTotpSetup(viewer);
  if (!started.ok) throw new Error("setup refused");
  const confirmed = await confirmTotpSetup(viewer, codeAt(started.secret));
  if (!confirmed.ok) throw new Error(`confirm refused: ${confirmed.reason}`);
  return { viewer, secret: started.secret, backupCodes: confirmed.backupCodes };
}

const rawUser = (id: string) =>
  db().user.findUnique({ where: { id }, select: { totpSealed: true, totpKeyId: true, totpEnabledAt: true, totpLastStep: true } });

describe("setting up the authenticator app", () => {
  it("a started setup stores the secret sealed (never in plaintext) and is not on until a code confirms it", async () => {
    const viewer = await makeViewer();
    const started = await startTotpSetup(viewer);
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const row = await rawUser(viewer.id);
    expect(row?.totpSealed).toBeTruthy();
    expect(row?.totpSealed).not.toContain(started.secret);
    expect(row?.totpEnabledAt).toBeNull();
    expect(await hasAuthenticatorApp(viewer.id)).toBe(false);
    // Not on yet: no code signs anything in.
    expect(await checkSecondFactor(viewer.id, codeAt(started.secret), { allowBackupCode: true })).toEqual({ ok: false, reason: "not_enabled" });
    const wrong = String((Number(codeAt(started.secret)) + 1) % 1e6).padStart(6, "0");
    expect(await confirmTotpSetup(viewer, wrong)).toEqual({ ok: false, reason: "wrong_code" });
    expect(await hasAuthenticatorApp(viewer.id)).toBe(false);
  });

  it("a right code turns it on and gives ten backup codes once, stored only as hashes; an audit event is written", async () => {
    const { viewer, backupCodes } = await withTwoFactor();
    expect(await hasAuthenticatorApp(viewer.id)).toBe(true);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    const stored = await db().backupCode.findMany({ where: { userId: viewer.id }, select: { codeHash: true } });
    expect(stored).toHaveLength(10);
    for (const { codeHash } of stored) for (const code of backupCodes) expect(codeHash).not.toContain(code.replace("-", ""));
    expect(await twoFactorStatus(viewer)).toMatchObject({ enabled: true, backupCodesLeft: 10 });
    const events = await db().auditEvent.findMany({ where: { workspaceId: viewer.workspace.id, action: "two_factor_enabled" }, select: { userId: true } });
    expect(events).toEqual([{ userId: viewer.id }]);
  });

  it("a new setup cannot replace a secret that is on", async () => {
    const { viewer } = await withTwoFactor();
    const before = await rawUser(viewer.id);
    expect(await startTotpSetup(viewer)).toEqual({ ok: false, reason: "already_on" });
    expect(await rawUser(viewer.id)).toEqual(before);
  });

  it("the sealed secret is bound to its account: copied to another account's row it does not open", async () => {
    const { viewer } = await withTwoFactor();
    const other = await makeViewer();
    const row = await rawUser(viewer.id);
    await db().user.update({ where: { id: other.id }, data: { totpKeyId: row!.totpKeyId, totpSealed: row!.totpSealed, totpEnabledAt: new Date() } });
    await expect(checkSecondFactor(other.id, "123456", { allowBackupCode: false })).rejects.toThrow(/failed authentication/);
  });
});

describe("checking a second factor", () => {
  it("an authenticator code is accepted once: its replay, and any earlier step, are refused", async () => {
    const { viewer, secret } = await withTwoFactor();
    // The confirming code used the current step; the next step's code is still within ±1.
    expect(await checkSecondFactor(viewer.id, codeAt(secret), { allowBackupCode: false })).toEqual({ ok: false, reason: "wrong_code" });
    const next = codeAt(secret, 1);
    expect(await checkSecondFactor(viewer.id, next, { allowBackupCode: false })).toEqual({ ok: true, method: "totp" });
    expect(await checkSecondFactor(viewer.id, next, { allowBackupCode: false })).toEqual({ ok: false, reason: "wrong_code" });
    expect(await checkSecondFactor(viewer.id, codeAt(secret, -1), { allowBackupCode: false })).toEqual({ ok: false, reason: "wrong_code" });
  });

  it("one code sent in parallel is accepted exactly once", async () => {
    const { viewer, secret } = await withTwoFactor();
    const at = Date.now() + STEP;
    const code = totpCode(secret, at);
    const results = await Promise.all(Array.from({ length: 6 }, () => checkSecondFactor(viewer.id, code, { allowBackupCode: false })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await rawUser(viewer.id))?.totpLastStep).toBe(Math.floor(at / STEP));
  });

  it("a backup code works once, in any case and with or without its dash; in parallel once", async () => {
    const { viewer, backupCodes } = await withTwoFactor();
    const [first, second] = backupCodes;
    expect(await checkSecondFactor(viewer.id, first.toUpperCase().replace("-", " "), { allowBackupCode: true })).toEqual({ ok: true, method: "backup_code" });
    expect(await checkSecondFactor(viewer.id, first, { allowBackupCode: true })).toEqual({ ok: false, reason: "wrong_code" });
    const results = await Promise.all(Array.from({ length: 5 }, () => checkSecondFactor(viewer.id, second, { allowBackupCode: true })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await twoFactorStatus(viewer)).toMatchObject({ backupCodesLeft: 8 });
  });

  it("with allowBackupCode false (re-authentication) a backup code is refused and not used up", async () => {
    const { viewer, backupCodes } = await withTwoFactor();
    expect(await checkSecondFactor(viewer.id, backupCodes[0], { allowBackupCode: false })).toEqual({ ok: false, reason: "wrong_code" });
    expect(await checkSecondFactor(viewer.id, backupCodes[0], { allowBackupCode: true })).toEqual({ ok: true, method: "backup_code" });
  });

  it("another account's backup code is refused", async () => {
    const a = await withTwoFactor();
    const b = await withTwoFactor();
    expect(await checkSecondFactor(b.viewer.id, a.backupCodes[0], { allowBackupCode: true })).toEqual({ ok: false, reason: "wrong_code" });
  });

  it("wrong codes are throttled like passwords: after 10, even the right code waits", async () => {
    const { viewer, secret } = await withTwoFactor();
    const right = codeAt(secret, 1);
    const wrong = String((Number(right) + 500_000) % 1e6).padStart(6, "0");
    const answers = await Promise.all(Array.from({ length: 12 }, () => checkSecondFactor(viewer.id, wrong, { allowBackupCode: true })));
    expect(answers.filter((a) => !a.ok && a.reason === "wrong_code")).toHaveLength(10);
    expect(answers.filter((a) => !a.ok && a.reason === "throttled")).toHaveLength(2);
    expect(await checkSecondFactor(viewer.id, right, { allowBackupCode: false })).toMatchObject({ ok: false, reason: "throttled" });
  });
});

describe("turning it off and replacing backup codes", () => {
  it("off with the password: the secret and every backup code are gone, and an audit event is written", async () => {
    const { viewer } = await withTwoFactor();
    expect(await disableTwoFactor(viewer, { password: "not the password" })).toEqual({ ok: false, reason: "wrong_password" });
    expect(await hasAuthenticatorApp(viewer.id)).toBe(true);
    expect(await disableTwoFactor(viewer, { password: "correct horse battery" })).toEqual({ ok: true });
    expect(await rawUser(viewer.id)).toEqual({ totpSealed: null, totpKeyId: null, totpEnabledAt: null, totpLastStep: null });
    expect(await db().backupCode.count({ where: { userId: viewer.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { workspaceId: viewer.workspace.id, action: "two_factor_disabled" } })).toBe(1);
  });

  it("off with a code; a used code does not turn it off", async () => {
    const { viewer, secret } = await withTwoFactor();
    expect(await disableTwoFactor(viewer, { code: codeAt(secret) })).toEqual({ ok: false, reason: "wrong_code" });
    expect(await disableTwoFactor(viewer, { code: codeAt(secret, 1) })).toEqual({ ok: true });
    expect(await hasAuthenticatorApp(viewer.id)).toBe(false);
  });

  it("new backup codes need an authenticator code, and the old ones stop working", async () => {
    const { viewer, secret, backupCodes } = await withTwoFactor();
    expect(await regenerateBackupCodes(viewer, backupCodes[0])).toEqual({ ok: false, reason: "wrong_code" });
    const renewed = await regenerateBackupCodes(viewer, codeAt(secret, 1));
    expect(renewed.ok).toBe(true);
    if (!renewed.ok) return;
    expect(await checkSecondFactor(viewer.id, backupCodes[1], { allowBackupCode: true })).toEqual({ ok: false, reason: "wrong_code" });
    expect(await checkSecondFactor(viewer.id, renewed.backupCodes[0], { allowBackupCode: true })).toEqual({ ok: true, method: "backup_code" });
  });
});
