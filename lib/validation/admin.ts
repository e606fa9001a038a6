import { z } from "zod";

/** A record id as Prisma makes them (cuid) or an upgraded installation kept them: 20-40 lower-case letters and digits. */
export const recordIdSchema = z.string().regex(/^[a-z0-9]{20,40}$/, "That account does not exist.");

/** A page number from the URL: anything else is page 1. */
const adminPageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** The admin lists' search box and page: at most 100 characters, anything unreadable ignored. */
export const adminListSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  page: adminPageSchema.default(1),
});

/** What an admin action about one account posts: the account's id. */
export const adminUserActionSchema = z.object({ userId: recordIdSchema });
