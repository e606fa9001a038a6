import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth";
import { db } from "@/lib/db";
import { makeViewer } from "./fixtures";

process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "10";
process.env.SIGN_IN_FAILURES_PER_IP = "25";
process.env.SIGN_UPS_PER_IP_PER_HOUR = "20";

afterAll(() => db().$disconnect());

// The real next-auth Credentials provider's authorize(), as /api/auth/callback/credentials calls it.
const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> } };
const randomIp = () => `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const attempt = (email: string, password: string, ip: string) =>
  provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": ip } }).then(
    (user) => (user ? "signed_in" : "refused"),
    (error: Error) => (error.message.startsWith("throttled:") ? "throttled" : `error: ${error.message}`),
  );

async function tenFailuresThenCorrect(email: string, password: string) {
  const ip = randomIp();
  const answers = [];
  for (let i = 0; i < 10; i++) answers.push(await attempt(email, "wrong password!", ip));
  answers.push(await attempt(email, password, ip));
  return answers;
}

describe("sign-in throttling (per account and per IP)", () => {
  it("after 10 failures the account waits, even with the right password, and from another IP", async () => {
    const viewer = await makeViewer();
    const answers = await tenFailuresThenCorrect(viewer.email, "correct horse battery");
    expect(answers.slice(0, 10)).toEqual(Array(10).fill("refused"));
    expect(answers[10]).toBe("throttled");
    expect(await attempt(viewer.email, "correct horse battery", randomIp())).toBe("throttled");
  });

  it("an unknown email gets exactly the same answers", async () => {
    const answers = await tenFailuresThenCorrect(`nobody-${randomBytes(4).toString("hex")}@example.test`, "correct horse battery");
    expect(answers.slice(0, 10)).toEqual(Array(10).fill("refused"));
    expect(answers[10]).toBe("throttled");
  });

  it("a success before the limit clears the account's count", async () => {
    const viewer = await makeViewer();
    const ip = randomIp();
    for (let i = 0; i < 9; i++) expect(await attempt(viewer.email, "wrong password!", ip)).toBe("refused");
    expect(await attempt(viewer.email, "correct horse battery", ip)).toBe("signed_in");
    for (let i = 0; i < 9; i++) expect(await attempt(viewer.email, "wrong password!", ip)).toBe("refused");
    expect(await attempt(viewer.email, "correct horse battery", ip)).toBe("signed_in");
  });

  it("one IP guessing across many accounts is stopped after 25 failures", async () => {
    const ip = randomIp();
    const viewer = await makeViewer();
    for (let i = 0; i < 25; i++) expect(await attempt(`spray-${i}-${randomBytes(3).toString("hex")}@example.test`, "Summer2026!", ip)).toBe("refused");
    expect(await attempt(viewer.email, "correct horse battery", ip)).toBe("throttled");
    expect(await attempt(viewer.email, "correct horse battery", randomIp())).toBe("signed_in");
  });
});

describe("sign-up throttling (per IP)", () => {
  it("an IP gets SIGN_UPS_PER_IP_PER_HOUR sign-ups, then no more; another IP is unaffected", async () => {
    const { consumeSignUp } = await import("@/lib/http/rate-limit");
    const ip = randomIp();
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await consumeSignUp(ip));
    expect(answers.slice(0, 20)).toEqual(Array(20).fill(true));
    expect(answers[20]).toBe(false);
    expect(await consumeSignUp(randomIp())).toBe(true);
  });
});
