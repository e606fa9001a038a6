import { z } from "zod";
import { ROLES } from "@/lib/workspaces/roles";
import { emailSchema } from "./auth";
import { text } from "./text";

/**
 * A role as a form or a request names it. Anything else ("superuser", "OWNER", "") is refused
 * here, before a DAL function sees it; the DAL checks again (isRole) for callers that skip this.
 */
export const roleSchema = z.enum(ROLES, "Choose a role.");

/** User and invitation ids are cuids: lower-case letters and digits. */
const ID = /^[a-z0-9]{20,32}$/;
export const memberIdSchema = z.string().regex(ID, "That member does not exist.");
export const invitationIdSchema = z.string().regex(ID, "That invitation does not exist.");

/** The Invite dialog. The email is lower-cased, as stored on accounts and invitations. */
export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export type InviteInput = z.infer<typeof inviteSchema>;

/** A role dropdown on the Members page. */
export const roleChangeSchema = z.object({ userId: memberIdSchema, role: roleSchema });
export type RoleChangeInput = z.infer<typeof roleChangeSchema>;

/**
 * Removing someone: what happens to the credentials and webhooks only they could see. The
 * remover chooses; nothing is dropped without being asked (issue 13, point 5).
 */
export const PRIVATE_DATA_CHOICES = ["transfer", "delete"] as const;
export type PrivateDataChoice = (typeof PRIVATE_DATA_CHOICES)[number];
export const removalSchema = z.object({
  userId: memberIdSchema,
  private: z.enum(PRIVATE_DATA_CHOICES, "Choose whether to keep or delete their credentials and webhooks."),
});
export type RemovalInput = z.infer<typeof removalSchema>;

export const WORKSPACE_NAME_MAX = 80;
export const workspaceNameSchema = text({ label: "The name", max: WORKSPACE_NAME_MAX, required: "Enter a name for the workspace." });

/**
 * An invitation link's token: lki_ and 32 random bytes in base64url (43 characters). A string
 * of any other shape is no invitation, and is answered like an unknown one.
 */
export const invitationTokenSchema = z.string().regex(/^lki_[A-Za-z0-9_-]{43}$/);
