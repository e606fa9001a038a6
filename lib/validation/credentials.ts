import { z } from "zod";
import { parseHostPatterns } from "@/lib/credentials/hosts";
import { SHARING } from "@/lib/workspaces/roles";
import { STORED_SERVICE_IDS, serviceMatchesAuth } from "@/lib/credentials/catalogue";
import { text } from "./text";
import { webhookIdSchema } from "./webhooks";

export const CREDENTIAL_TYPES = ["bearer", "basic", "header", "query"] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export const CREDENTIAL_TYPE_LABELS: Record<CredentialType, string> = {
  bearer: "Bearer token",
  basic: "Basic auth",
  header: "API key in a header",
  query: "API key in a query parameter",
};

const SECRET_MAX = 4096;
const secret = (label: string) => z.string().max(SECRET_MAX, `${label} must be at most ${SECRET_MAX} characters.`);
/** An HTTP header name (RFC 9110 token) or query parameter name. */
const fieldName = text({ label: "The name", max: 100, required: "Enter the name." })
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Use letters, digits and - _ . only.");

/** Bearer tokens and header values travel in a header, where a line break would end it. */
const LINE_BREAK = /[\r\n\0]/;

/** Headers an outbound call sets itself: a credential may not replace them (or the signature). */
const RESERVED_HEADERS = new Set(["host", "content-type", "content-length", "transfer-encoding", "connection", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature"]);

/**
 * The Add/Edit Credential form. On edit an empty secret field means "keep the stored one", so
 * secrets are optional here and required by the DAL only when nothing is stored yet.
 */
export const credentialSchema = z.object({
  name: text({ label: "The name", max: 64, required: "Enter a name." }),
  type: z.enum(CREDENTIAL_TYPES, "Choose a type."),
  token: secret("The token").optional(),
  username: secret("The username").optional(),
  password: secret("The password").optional(),
  fieldName: fieldName.optional(),
  value: secret("The value").optional(),
  // The hosts it may be sent to, as typed (lib/credentials/hosts.ts). Required for a new
  // credential (the DAL says so); left out on an edit, the stored ones stay.
  hosts: z.string().max(4000, "Enter at most 20 hosts.").optional().transform((value, ctx) => {
    if (value === undefined) return undefined;
    const parsed = parseHostPatterns(value);
    if (parsed.ok) return parsed.patterns;
    ctx.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  }),
  // The catalogue service it connects (create only; absent for a Custom API).
  service: z.enum(STORED_SERVICE_IDS, "Choose a service from the catalogue.").optional(),
}).refine((input) => !input.service || serviceMatchesAuth(input.service, input.type, input.fieldName), {
  path: ["service"],
  message: "This service takes another kind of credential. Start again from Connect a service.",
}).refine((input) => input.type !== "header" || !RESERVED_HEADERS.has(input.fieldName?.toLowerCase() ?? ""), {
  path: ["fieldName"],
  message: "This header is set by Latchkey itself. Choose another name.",
}).refine((input) => input.type !== "bearer" || !LINE_BREAK.test(input.token ?? ""), {
  path: ["token"],
  message: "The token cannot contain line breaks.",
}).refine((input) => input.type !== "header" || !LINE_BREAK.test(input.value ?? ""), {
  path: ["value"],
  message: "The value cannot contain line breaks.",
});

// Left out (an edit that does not touch them): the stored hosts stay.
export type CredentialInput = Omit<z.infer<typeof credentialSchema>, "hosts"> & { hosts?: string[] };

/** What is sealed, per type. */
export type CredentialSecret =
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "header" | "query"; value: string };

export const credentialIdSchema = z.string().regex(/^[a-z0-9]{20,32}$/, "That credential does not exist.");

/** The share dialog: who may use a credential. `members` only counts for "members". */
export const credentialSharingSchema = z.object({
  id: credentialIdSchema,
  sharing: z.enum(SHARING, "Choose who can use it."),
  members: z.array(z.string().regex(/^[a-z0-9]{20,32}$/, "Choose members from the list.")).max(500).default([]),
  // The webhooks the person was shown as stopping and agreed to: any other that would stop
  // (one attached since, or a call that skipped the question) makes the change ask again.
  acknowledged: z.array(webhookIdSchema).max(1000).default([]),
}).refine((input) => input.sharing !== "members" || input.members.length > 0, { path: ["members"], message: "Choose at least one member, or keep it personal." });

export type CredentialSharingInput = z.infer<typeof credentialSharingSchema>;
