import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { text } from "./text";

export const NO_AUTH = "none";

/** An absolute http(s) URL without embedded user:password (use a credential for that). */
export const webhookUrl = text({ label: "The URL", max: 2000, required: "Enter the endpoint URL." })
  // Control characters are refused above, not left to the URL parser, which silently drops
  // tabs and line breaks (so what was saved would differ from what was typed).
  .refine((value) => URL.canParse(value), "Enter a full URL, such as https://example.com/webhooks.")
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === "https:" || url.protocol === "http:", "The URL must start with https:// or http://.")
  .refine((url) => !url.username && !url.password, "Put no user name or password in the URL: save them as a credential and choose it under Authentication.")
  .refine((url) => !url.hash, "The URL cannot have a #fragment.")
  .transform((url) => url.toString());

export const webhookSchema = z.object({
  name: text({ label: "The name", max: 64, required: "Enter a name." }),
  url: webhookUrl,
  events: z.array(z.enum(WEBHOOK_EVENTS, "Unknown event.")).min(1, "Choose at least one event.").transform((events) => WEBHOOK_EVENTS.filter((e) => events.includes(e))),
  // A credential id, or NO_AUTH for a public endpoint.
  credentialId: z.union([z.literal(NO_AUTH), z.string().regex(/^[a-z0-9]{20,32}$/, "Choose a credential from the list.")], "Choose how to authenticate."),
  enabled: z.boolean().default(true),
});

export type WebhookInput = z.infer<typeof webhookSchema>;

export const webhookIdSchema = z.string().regex(/^[a-z0-9]{20,32}$/, "That webhook does not exist.");
