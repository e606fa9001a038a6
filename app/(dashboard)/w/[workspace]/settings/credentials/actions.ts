"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { fail, failField, failFields, ok, type ActionResult } from "@/lib/action-result";
import { shareCredential } from "@/lib/dal/credential-sharing";
import { createCredential, deleteCredential, getCredential, updateCredential, type SaveResult } from "@/lib/dal/credentials";
import { limitReachedMessage } from "@/lib/dal/plans";
import { requireRecentAuth, requireSession, requireViewer } from "@/lib/session";
import { CREDENTIAL_TYPES, credentialIdSchema, credentialSchema, credentialSharingSchema, type CredentialType } from "@/lib/validation/credentials";
import { fieldErrors } from "@/lib/validation/api";
import { webhookIdSchema } from "@/lib/validation/webhooks";

// Every export here is a public POST endpoint: each one authenticates and validates itself.
// None of them ever returns a secret: results carry messages and ids only.

const NOT_FOUND = "That credential does not exist.";
const FIELD_LABELS: Record<string, string> = {
  token: "Enter the token.",
  username: "Enter the username.",
  password: "Enter the password.",
  value: "Enter the value.",
  hosts: "Enter at least one host this credential may be sent to, such as api.example.com.",
};
const REQUIRED_SECRETS: Record<CredentialType, string[]> = { bearer: ["token"], basic: ["username", "password"], header: ["value"], query: ["value"] };

/** `atLimit`: the refusal at the plan's limit, with its number and plan (lib/dal/plans.ts). */
function failure(result: Exclude<SaveResult, { ok: true }>, atLimit: string): ActionResult<never> {
  switch (result.reason) {
    case "missing":
      return failField(result.field, FIELD_LABELS[result.field] ?? "Fill in this field.");
    case "name_taken":
      return failField("name", "You already have a credential with this name.");
    case "limit_reached":
      return fail(atLimit);
    case "invalid_service":
      return failField("service", "This service takes another kind of credential. Start again from Connect a service.");
    case "forbidden":
      return fail("Your role does not allow this: Members change only the credentials they created, Viewers none. Ask an Admin or Owner.");
    case "hosts_in_use":
      return failField("hosts", `These hosts would leave out ${result.webhooks.map((w) => `“${w.name}” (${new URL(w.url).hostname})`).join(", ")}, which ${result.webhooks.length === 1 ? "uses" : "use"} this credential. Keep their hosts, or change those webhooks first.`);
    default:
      return fail(NOT_FOUND);
  }
}

/**
 * The secrets the chosen type needs that the form left empty and nothing stored can supply (a
 * new credential, or one whose type changes). The DAL checks the same on write; asking here too
 * lets the form show every problem at once instead of one per submit.
 */
function missingSecrets(input: unknown, storedType: CredentialType | undefined): Record<string, string> {
  const fields = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const type = CREDENTIAL_TYPES.find((t) => t === fields.type);
  if (!type || type === storedType) return {};
  return Object.fromEntries(REQUIRED_SECRETS[type].filter((field) => !fields[field]).map((field) => [field, FIELD_LABELS[field]]));
}

/** Whether a save replaces a stored secret: an edit with any secret field filled in. */
const replacesSecret = (input: { token?: string; username?: string; password?: string; value?: string }) =>
  [input.token, input.username, input.password, input.value].some((field) => !!field);

export async function saveCredentialAction(id: string | null, input: unknown): Promise<ActionResult<{ id: string }>> {
  const session = await requireSession("/settings/credentials");
  const { viewer } = session;
  const credentialId = id === null ? null : credentialIdSchema.safeParse(id);
  if (credentialId && !credentialId.success) return fail(NOT_FOUND);
  const stored = credentialId ? await getCredential(viewer, credentialId.data) : null;
  if (credentialId && !stored) return fail(NOT_FOUND);
  const parsed = credentialSchema.safeParse(input);
  const missing = missingSecrets(input, stored?.type);
  if (!credentialId && typeof (input as { hosts?: unknown } | null)?.hosts !== "string") missing.hosts = FIELD_LABELS.hosts;
  if (!parsed.success || Object.keys(missing).length > 0) return failFields({ ...missing, ...(parsed.success ? {} : fieldErrors(parsed.error)) });
  // Changing a stored credential's value needs a recent proof of identity: a stolen session
  // could otherwise point the workspace's webhooks at a secret of its own choosing.
  if (credentialId && replacesSecret(parsed.data)) {
    const refused = await requireRecentAuth(session);
    if (refused) return refused;
  }
  const result: SaveResult = credentialId ? await updateCredential(viewer, credentialId.data, parsed.data) : await createCredential(viewer, parsed.data);
  if (!result.ok) return failure(result, result.reason === "limit_reached" ? await limitReachedMessage(viewer, "credentials") : "");
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ id: result.credential.id });
}

/**
 * Deletes a credential after the person saw which webhooks use it: the form sends those
 * webhooks' ids as `acknowledged`. One attached since (or a call that skips the question)
 * deletes nothing and names them; the list re-renders with them.
 */
export async function deleteCredentialAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const viewer = await requireViewer("/settings/credentials");
  const id = credentialIdSchema.safeParse(form.get("id"));
  const acknowledged = z.array(webhookIdSchema).max(1000).safeParse(form.getAll("acknowledged"));
  if (!id.success || !acknowledged.success) return fail(NOT_FOUND);
  const result = await deleteCredential(viewer, id.data, { acknowledged: acknowledged.data });
  if (!result.ok) {
    if (result.reason === "not_found") return fail(NOT_FOUND);
    revalidatePath("/w/[workspace]/settings", "layout");
    return fail(`Nothing was deleted: ${result.affected.map((w) => `“${w.name}” (${w.owner})`).join(", ")} ${result.affected.length === 1 ? "uses" : "use"} this credential and would stop authenticating. Check the list and delete again.`);
  }
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ message: "Credential deleted." });
}

export type ShareOutcome = { affected?: { id: string; name: string; owner: string }[] };

/**
 * Who may use a credential: its creator, an Admin or an Owner decide, after re-authenticating
 * (sharing hands the secret's *use* to other people). When the change stops webhooks from
 * authenticating, the first call answers with them and changes nothing; the dialog shows them
 * and sends their ids back as `acknowledged` (one attached since makes it ask again).
 */
export async function shareCredentialAction(input: unknown): Promise<ActionResult<ShareOutcome>> {
  const session = await requireSession("/settings/credentials");
  const parsed = credentialSharingSchema.safeParse(input);
  if (!parsed.success) return failFields(fieldErrors(parsed.error));
  const refused = await requireRecentAuth(session);
  if (refused) return refused;
  const result = await shareCredential(session.viewer, parsed.data);
  if (!result.ok) {
    if (result.reason === "confirm") return ok({ affected: result.affected.map(({ id, name, owner }) => ({ id, name, owner })) });
    if (result.reason === "invalid_members") return failField("members", "Choose members of this workspace from the list.");
    return fail(NOT_FOUND);
  }
  revalidatePath("/w/[workspace]/settings", "layout");
  return ok({ message: "Sharing saved." });
}
