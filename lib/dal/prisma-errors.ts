/** A unique constraint refused the write (Prisma's P2002): a taken email or name. */
export const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
