import { expect, test } from "@playwright/test";
import type { Instance } from "../tests/cluster/server";
import { startSecondServer } from "./helpers";

// With no trusted proxy (TRUSTED_PROXY_HOPS=0, what `npm start` runs with) the client's
// address is the socket's: whatever it writes in X-Forwarded-For or X-Forwarded-Host is
// ignored. The first test needs a server with the production budget of failed key checks
// (60 a minute; the shared e2e server has 1,000), so it starts its own on the same database,
// with in-memory limits so no other test's failures in Redis count against it.

let instance: Instance | undefined;
test.afterAll(async () => instance?.stop());

test("70 failed key checks, each with a different forged X-Forwarded-For, from one client: the budget still trips at 60", async () => {
  instance = await startSecondServer({
    FAILED_AUTH_PER_MINUTE: "60",
    TRUSTED_PROXY_HOPS: "0",
    REDIS_URL: undefined,
  });
  const statuses = await Promise.all(
    Array.from({ length: 70 }, (_, i) =>
      fetch(`${instance!.url}/api/v1/me`, {
        headers: { Authorization: "Bearer lk_not_a_real_key", "X-Forwarded-For": `198.18.${i >> 8}.${i & 255}`, "X-Real-IP": `198.19.0.${i}` },
      }).then((response) => response.status),
    ),
  );
  expect(statuses.filter((status) => status === 401)).toHaveLength(60);
  expect(statuses.filter((status) => status === 429)).toHaveLength(10);
});

test("a forged X-Forwarded-Host does not make a foreign Origin look like this site", async ({ request }) => {
  const response = await request.post("/api/auth/signout", {
    headers: { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    data: "csrfToken=x",
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});
