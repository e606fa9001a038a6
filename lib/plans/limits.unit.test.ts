import { describe, expect, it } from "vitest";
import { effectiveLimits, hasRoomFor, limitReachedText, planLimits, quotaOf, quotaText, QUOTA_NOUNS } from "./limits";

const env = { keys: 5, credentials: 10, webhooks: 10 };
const none = { keys: null, credentials: null, webhooks: null, members: null };

describe("plan limits", () => {
  it("the default plan takes keys, credentials and webhooks from the environment, whatever its row says", () => {
    expect(planLimits("default", { keys: 1, credentials: 1, webhooks: 1, members: null }, env)).toEqual({ keys: 5, credentials: 10, webhooks: 10, members: null });
    expect(planLimits("default", { ...none, members: 3 }, env).members).toBe(3);
  });

  it("any other plan's row is its limits, null meaning unlimited", () => {
    expect(planLimits("lite", { keys: 20, credentials: 5, webhooks: 5, members: 5 }, env)).toEqual({ keys: 20, credentials: 5, webhooks: 5, members: 5 });
    expect(planLimits("agency", none, env)).toEqual(none);
  });

  it("an override beats the plan, lower or higher; null leaves the plan's", () => {
    expect(effectiveLimits({ keys: 5, credentials: 1, webhooks: null, members: 1 }, { keys: 50, credentials: 0, webhooks: 2, members: null })).toEqual({ keys: 50, credentials: 0, webhooks: 2, members: 1 });
  });

  it("room: under the limit only; unlimited always", () => {
    expect([hasRoomFor(4, 5), hasRoomFor(5, 5), hasRoomFor(7, 5), hasRoomFor(0, 0), hasRoomFor(10_000, null)]).toEqual([true, false, false, false, true]);
  });
});

describe("what the quota bar says", () => {
  it("under, at, over and without a limit", () => {
    expect(quotaText(quotaOf(3, 5, "Lite"), QUOTA_NOUNS.keys)).toBe("3 of 5 keys · Lite");
    expect(quotaOf(5, 5, "Lite")).toMatchObject({ full: true, over: false });
    expect(quotaText(quotaOf(0, 1, "Starter"), QUOTA_NOUNS.credentials)).toBe("0 of 1 credential · Starter");
    const over = quotaOf(7, 5, "Lite");
    expect(over).toMatchObject({ full: true, over: true });
    expect(quotaText(over, QUOTA_NOUNS.keys)).toBe("7 of 5: over the plan's limit · Lite");
    expect(quotaText(quotaOf(3, null, "Agency"), QUOTA_NOUNS.keys)).toBe("3 keys · Agency");
    expect(quotaOf(3, null, "Agency")).toMatchObject({ full: false, over: false });
  });

  it("the refusal names the limit and the plan, and says what to do", () => {
    expect(limitReachedText("webhooks", 1, "Starter")).toBe("This workspace has reached its limit of 1 webhook (Starter plan). Delete an unused one, or ask your administrator for a larger plan.");
    // People are removed (or their invitation revoked), not deleted.
    expect(limitReachedText("members", 5, "Lite")).toBe("This workspace has reached its limit of 5 members (Lite plan). Remove someone who no longer needs access or revoke a pending invitation, or ask your administrator for a larger plan.");
  });
});
