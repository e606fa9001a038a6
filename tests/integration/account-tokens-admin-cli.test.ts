import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { resetPasswordWithToken } from "@/lib/dal/account-tokens";
import { authenticate, createUser } from "@/lib/dal/users";
import { db } from "@/lib/db";

afterAll(() => db().$disconnect());

const run = promisify(execFile);

/** `npm run admin -- ...` as an operator runs it: a separate process on the same database. */
async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "admin", "--", ...args], {
      env: { ...process.env, NEXTAUTH_URL: "https://keys.example.test" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run admin -- reset-link <email>", () => {
  it("prints a single-use reset link from NEXTAUTH_URL, stored only as a hash", async () => {
    const email = `cli-${randomBytes(6).toString("hex")}@example.test`;
    const created = await createUser({ name: "Locked Out", email, password: "correct horse battery" });
    if (!created.ok) throw new Error("no user");
    const result = await admin("reset-link", email.toUpperCase());
    expect(result.code).toBe(0);
    const link = result.stdout.match(/https:\/\/keys\.example\.test\/reset-password\/(lkr_[A-Za-z0-9_-]{43})/);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(JSON.stringify(await db().accountToken.findMany({ where: { userId: created.user.id } }))).not.toContain(token.slice(4));
    expect(await resetPasswordWithToken(token, "set from the cli")).toEqual({ ok: true });
    expect(await authenticate(email, "set from the cli")).not.toBeNull();
    expect(await resetPasswordWithToken(token, "set from the cli again")).toEqual({ ok: false, reason: "invalid" });
  });

  it("an unknown address and bad arguments print no link and exit non-zero", async () => {
    const unknown = await admin("reset-link", `nobody-${randomBytes(4).toString("hex")}@example.test`);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no account has the address");
    expect(unknown.stdout).not.toContain("reset-password");
    const usage = await admin("reset-link");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npm run admin -- reset-link <email>");
    expect((await admin("reset-link", "not-an-email")).code).toBe(2);
  });
});
