import "server-only";

import { db } from "@/lib/db";

type Row = { id: string };

/**
 * Key rotation for sealed values, one batch at a time in id order: each row not yet sealed
 * with the current key is opened and written back sealed with it. `write` must only update
 * a row still as it was read (an edit in between has already used the current key). A row
 * that fails to open (tampered) is reported and left as it is, never rewritten.
 */
export async function resealInBatches<R extends Row>(
  batch: (after: string) => Promise<R[]>,
  open: (row: R) => string,
  write: (row: R, plaintext: string) => Promise<number>,
): Promise<{ rotated: number; failed: string[] }> {
  let rotated = 0;
  const failed: string[] = [];
  let after = "";
  for (;;) {
    const rows = await batch(after);
    if (rows.length === 0) return { rotated, failed };
    for (const row of rows) {
      let plaintext: string;
      try {
        plaintext = open(row);
      } catch {
        failed.push(row.id);
        continue;
      }
      rotated += await write(row, plaintext);
    }
    after = rows[rows.length - 1].id;
  }
}

/** How many sealed values each encryption key holds, for the rotation script's report. */
export async function sealedValuesByKey(): Promise<{ credentials: { keyId: string; count: number }[]; webhooks: { keyId: string; count: number }[] }> {
  const [credentials, webhooks] = await Promise.all([
    db().credential.groupBy({ by: ["keyId"], _count: true }),
    db().webhook.groupBy({ by: ["secretKeyId"], _count: true }),
  ]);
  return {
    credentials: credentials.map((row) => ({ keyId: row.keyId, count: row._count })),
    webhooks: webhooks.map((row) => ({ keyId: row.secretKeyId, count: row._count })),
  };
}
