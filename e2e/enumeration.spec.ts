import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { newAccount, signUp } from "./helpers";

// An unknown email and a wrong password must be indistinguishable through next-auth's real
// sign-in endpoint: the same status, the same body, and the same time (an unknown email is
// checked against a dummy argon2 hash). Samples alternate between the two cases so machine
// noise hits both alike. The timing difference is the median of the paired differences
// (each unknown-email attempt against the wrong-password attempt next to it, which cancels
// the machine's drift); it must be under 5% of the median time.

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function attempt(request: APIRequestContext, baseURL: string, email: string, password: string) {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const started = performance.now();
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true", callbackUrl: `${baseURL}/settings/api-keys` },
    headers: { origin: baseURL },
    maxRedirects: 0,
  });
  const ms = performance.now() - started;
  return { ms, status: response.status(), body: await response.text() };
}

test("an unknown email and a wrong password get the same status, the same body and the same time", async ({ browser, playwright, baseURL }) => {
  test.setTimeout(180_000);
  // Accounts to guess at; each takes fewer wrong passwords than the per-account limit (10).
  const accounts = [];
  for (let i = 0; i < 7; i++) {
    const page = await browser.newPage();
    accounts.push(await signUp(page, newAccount()));
    await page.close();
  }
  const request = await playwright.request.newContext({ baseURL });
  const unknown = () => `nobody-${randomBytes(5).toString("hex")}@example.test`;
  const wrongPassword = "not the password at all";

  // Warm-up: the dummy hash is made on first use; compiled routes and connections settle.
  for (let i = 0; i < 3; i++) await attempt(request, baseURL!, unknown(), wrongPassword);

  const times = { unknown: [] as number[], wrong: [] as number[] };
  const answers = new Set<string>();
  let rounds = 0;
  for (const account of accounts) {
    for (let i = 0; i < 9; i++, rounds++) {
      const pair = [
        ["unknown", unknown()],
        ["wrong", account.email],
      ] as const;
      // Alternate which goes first, so neither case always follows the other.
      for (const [kind, email] of rounds % 2 ? pair : [...pair].reverse()) {
        const result = await attempt(request, baseURL!, email, wrongPassword);
        times[kind].push(result.ms);
        // The answer names no account: strip nothing, compare everything.
        answers.add(`${result.status} ${result.body}`);
      }
    }
  }
  await request.dispose();

  expect([...answers]).toHaveLength(1);
  const [answer] = answers;
  expect(answer).toMatch(/^401 .*error=CredentialsSignin/);

  const all = median([...times.unknown, ...times.wrong]);
  const difference = Math.abs(median(times.unknown.map((ms, i) => ms - times.wrong[i])));
  console.log(
    `[enumeration] median sign-in: unknown email ${median(times.unknown).toFixed(1)} ms, wrong password ${median(times.wrong).toFixed(1)} ms; ` +
      `median paired difference ${difference.toFixed(2)} ms = ${((difference / all) * 100).toFixed(1)}% of ${all.toFixed(1)} ms (${times.unknown.length} pairs)`,
  );
  expect(difference).toBeLessThan(0.05 * all);
});
