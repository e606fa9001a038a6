"use server";

import { revalidatePath } from "next/cache";
import { fail, failField, failFields, ok, type ActionResult } from "@/lib/action-result";
import { createCredential, deleteCredential, maxCredentials, updateCredential, type SaveResult } from "@/lib/dal/credentials";
import { requireViewer } from "@/lib/session";
import { credentialIdSchema, credentialSchema } from "@/lib/validation/credentials";
import { fieldErrors } from "@/lib/validation/api";

// Every export here is a public POST endpoint: each one authenticates and validates itself.
// None of them ever returns a secret: results carry messages and ids only.

const NOT_FOUND = "That credential does not exist.";
const FIELD_LABELS: Record<string, string> = { token: "Enter the token.", username: "Enter the username.", password: "Enter the password.", value: "Enter the value." };

function failure(result: Exclude<SaveResult, { ok: true }>): ActionResult<never> {
  switch (result.reason) {
    case "missing":
      return failField(result.field, FIELD_LABELS[result.field] ?? "Fill in this field.");
    case "name_taken":
      return failField("name", "You already have a credential with this name.");
    case "limit_reached":
      return fail(`You have reached the limit of ${maxCredentials()} credentials. Delete one to add another.`);
    default:
      return fail(NOT_FOUND);
  }
}

export async function saveCredentialAction(id: string | null, input: unknown): Promise<ActionResult<{ id: string }>> {
  const viewer = await requireViewer("/settings/credentials");
  const parsed = credentialSchema.safeParse(input);
  if (!parsed.success) return failFields(fieldErrors(parsed.error));
  let result: SaveResult;
  if (id === null) {
    result = await createCredential(viewer, parsed.data);
  } else {
    const credentialId = credentialIdSchema.safeParse(id);
    if (!credentialId.success) return fail(NOT_FOUND);
    result = await updateCredential(viewer, credentialId.data, parsed.data);
  }
  if (!result.ok) return failure(result);
  revalidatePath("/settings/credentials");
  return ok({ id: result.credential.id });
}

export async function deleteCredentialAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const viewer = await requireViewer("/settings/credentials");
  const id = credentialIdSchema.safeParse(form.get("id"));
  if (!id.success || !(await deleteCredential(viewer, id.data))) return fail(NOT_FOUND);
  revalidatePath("/settings/credentials");
  return ok({ message: "Credential deleted." });
}
