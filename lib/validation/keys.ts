import { z } from "zod";
import { SID_PATTERN } from "@/lib/keys/format";

export const KEY_NAME_MAX = 64;
export const KEY_DESCRIPTION_MAX = 200;
export const EXPIRY_PRESETS = ["7", "30", "90"] as const;
export const SEARCH_MAX = 100;

const DAY_MS = 86_400_000;

export const limitReachedMessage = (limit: number) =>
  `You have reached the limit of ${limit} active keys. Revoke a key to create a new one.`;

export const sidSchema = z.string().regex(SID_PATTERN, "That key does not exist.");

export const searchSchema = z
  .string()
  .trim()
  .max(SEARCH_MAX)
  .catch("");

/** "YYYY-MM-DD" as the last millisecond of that day in UTC. */
function endOfUtcDay(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (day.toISOString().slice(0, 10) !== date) return null; // 2026-02-31 and friends
  return new Date(day.getTime() + DAY_MS - 1);
}

/**
 * The Add API Key form. `expiry` is a preset number of days, "custom" with `expiresOn`, or
 * "never"; the result carries the absolute expiry (or null). `now` is injectable for tests.
 */
export function createKeySchema(now: () => Date = () => new Date()) {
  return z
    .object({
      name: z
        .string()
        .trim()
        .min(1, "Enter a name for the key.")
        .max(KEY_NAME_MAX, `Name must be at most ${KEY_NAME_MAX} characters.`),
      description: z
        .string()
        .trim()
        .max(KEY_DESCRIPTION_MAX, `Description must be at most ${KEY_DESCRIPTION_MAX} characters.`)
        .default(""),
      expiry: z.enum([...EXPIRY_PRESETS, "custom", "never"], "Choose when the key expires."),
      expiresOn: z.string().trim().optional(),
    })
    .transform((input, ctx) => {
      let expiresAt: Date | null = null;
      if (input.expiry === "custom") {
        const date = input.expiresOn ? endOfUtcDay(input.expiresOn) : null;
        if (!date) {
          ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Enter a date as YYYY-MM-DD." });
          return z.NEVER;
        }
        if (date.getTime() <= now().getTime()) {
          ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "The expiry date must be in the future." });
          return z.NEVER;
        }
        if (date.getTime() > now().getTime() + 10 * 365 * DAY_MS) {
          ctx.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose a date within the next 10 years." });
          return z.NEVER;
        }
        expiresAt = date;
      } else if (input.expiry !== "never") {
        expiresAt = new Date(now().getTime() + Number(input.expiry) * DAY_MS);
      }
      return { name: input.name, description: input.description, expiresAt };
    });
}

export type CreateKeyInput = z.output<ReturnType<typeof createKeySchema>>;
