import "server-only";

/**
 * The one rule for "this person has two-factor sign-in": an authenticator app confirmed
 * (totpEnabledAt set) or at least one passkey. Every caller (the workspace policy on pages and
 * keys, the Members page) reads it through this rule and twoFactorSelect. Changes to either go
 * through changeAccess (lib/dal/key-sync.ts), so cached key verifications follow at once.
 */
export type TwoFactorFacts = { totpEnabledAt: Date | null; _count: { passkeys: number } };

export const hasTwoFactor = (user: TwoFactorFacts): boolean => user.totpEnabledAt !== null || user._count.passkeys > 0;

/** The columns hasTwoFactor reads, for a Prisma `select` of a user. */
export const twoFactorSelect = { totpEnabledAt: true, _count: { select: { passkeys: true } } } as const;
