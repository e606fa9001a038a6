import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth";
import { db } from "@/lib/db";
import { makeViewer } from "./fixtures";

process.env.SIGN_IN_FAILURES_PER_ACCOUNT = "10";
process.env.SIGN_IN_FAILURES_PER_IP = "25";
process.env.SIGN_UPS_PER_IP_PER_HOUR = "20";
process.env.SIGN_IN_BACKOFF_SECONDS = "2";

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

const tally = (answers: string[]) => Object.fromEntries(["refused", "throttled", "signed_in"].map((a) => [a, answers.filter((x) => x === a).length]));

// Every "refused" answer is one real argon2 check of a wrong password; "throttled" ones never
// reach the password. So the number of refusals is the number of guesses the attacker got.
describe("sign-in throttling under concurrency (the budget is reserved before the password check)", () => {
  // [what, tries, where each try comes from]: one address, then a new address for every try.
  const bursts: Array<[string, number, (ip: string) => string]> = [
    ["60 parallel wrong passwords for one account from one address get at most 10 password checks", 60, (ip) => ip],
    ["60 parallel wrong passwords for one account from 60 addresses get at most 10 password checks", 60, () => randomIp()],
    ["a distributed guesser with a new address for every try is stopped well before 100 attempts", 100, () => randomIp()],
  ];
  it.each(bursts)("%s", async (_name, tries, from) => {
    const viewer = await makeViewer();
    const ip = randomIp();
    const answers = await Promise.all(Array.from({ length: tries }, () => attempt(viewer.email, "wrong password!", from(ip))));
    console.log(`${tries} tries:`, tally(answers));
    expect(answers.filter((a) => a === "refused").length).toBeLessThanOrEqual(10);
    expect(answers.filter((a) => a === "throttled").length).toBeGreaterThanOrEqual(tries - 10);
  });
});

describe("nobody can lock an owner out of their own account from elsewhere", () => {
  it("an attacker fails 40 times from other addresses; the owner signs in from their own address", async () => {
    const viewer = await makeViewer();
    const home = randomIp();
    // The owner has signed in from home before: that is what makes it their address. They
    // have signed out since (no session row), so only the throttle's own memory knows it.
    expect(await attempt(viewer.email, "correct horse battery", home)).toBe("signed_in");
    await db().userSession.deleteMany({ where: { userId: viewer.id } });
    const attack = await Promise.all(Array.from({ length: 40 }, () => attempt(viewer.email, "wrong password!", randomIp())));
    console.log("attacker:", tally(attack));
    expect(await attempt(viewer.email, "correct horse battery", home)).toBe("signed_in");
    // The owner's own mistypes at home still count against home only, as at any address.
    for (let i = 0; i < 3; i++) expect(await attempt(viewer.email, "wrong password!", home)).toBe("refused");
    expect(await attempt(viewer.email, "correct horse battery", home)).toBe("signed_in");
  });
});

describe("progressive back-off per account and address", () => {
  const waitOf = (email: string, password: string, ip: string) =>
    provider.options.authorize({ email, password }, { headers: { "x-forwarded-for": ip } }).then(
      () => 0,
      (error: Error) => Number(error.message.match(/^throttled:(\d+)$/)?.[1] ?? -1),
    );
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("after 10 failures at one address, one more try per wait, and each wait doubles", async () => {
    const viewer = await makeViewer();
    const home = randomIp();
    expect(await attempt(viewer.email, "correct horse battery", home)).toBe("signed_in");
    const burst = await Promise.all(Array.from({ length: 10 }, () => attempt(viewer.email, "wrong password!", home)));
    expect(burst).toEqual(Array(10).fill("refused"));
    // SIGN_IN_BACKOFF_SECONDS is 2 here: a 2 s wait after the 10th failure, 4 s after the 11th.
    const first = await waitOf(viewer.email, "correct horse battery", home);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(2);
    await sleep(2_100);
    expect(await attempt(viewer.email, "wrong password!", home)).toBe("refused");
    const second = await waitOf(viewer.email, "correct horse battery", home);
    expect(second).toBeGreaterThan(2);
    expect(second).toBeLessThanOrEqual(4);
    await sleep(4_100);
    expect(await attempt(viewer.email, "correct horse battery", home)).toBe("signed_in");
    // A success clears this address's back-off: ten free tries again.
    const again = await Promise.all(Array.from({ length: 10 }, () => attempt(viewer.email, "wrong password!", home)));
    expect(again).toEqual(Array(10).fill("refused"));
  });
});

describe("sign-up throttling (per IP)", () => {
  it("an IP gets SIGN_UPS_PER_IP_PER_HOUR sign-ups, then no more; another IP is unaffected", async () => {
    const { consumeSignUp } = await import("@/lib/limits/rate-limit");
    const ip = randomIp();
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await consumeSignUp(ip));
    expect(answers.slice(0, 20)).toEqual(Array(20).fill(true));
    expect(answers[20]).toBe(false);
    expect(await consumeSignUp(randomIp())).toBe(true);
  });
});
