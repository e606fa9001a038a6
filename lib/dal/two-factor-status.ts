import "server-only";

/**
 * The one rule for "this person has two-factor sign-in": an authenticator app confirmed
 * (totpEnabledAt set). Passkeys will count too; add them here, and every caller (the workspace
 * policy on pages and keys, the Members page) follows.
 */
export type TwoFactorFacts = { totpEnabledAt: Date | null };

export const hasTwoFactor = (user: TwoFactorFacts): boolean => user.totpEnabledAt !== null;

/** The columns hasTwoFactor reads, for a Prisma `select` of a user. */
export const twoFactorSelect = { totpEnabledAt: true } as const;
