import "server-only";
import { db } from "@/lib/db";

/** One round trip to the database, for the health probe (lib/health.ts). Rejects when it does not answer. */
export async function pingDatabase(): Promise<void> {
  await db().$queryRawUnsafe("SELECT 1");
}

/** Closes this process's connections (the end of a script). */
export async function disconnectDatabase(): Promise<void> {
  await db().$disconnect();
}
