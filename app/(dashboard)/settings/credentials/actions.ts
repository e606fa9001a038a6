"use server";

import { revalidatePath } from "next/cache";
import { createCredential, deleteCredential, maxCredentials, updateCredential, type SaveResult } from "@/lib/dal/credentials";
import { requireViewer } from "@/lib/session";
import { credentialIdSchema, credentialSchema } from "@/lib/validation/credentials";
import { fieldErrors } from "@/lib/validation/api";

// Every export here is a public POST endpoint: each one authenticates and validates itself.
// None of them ever returns a secret: results carry messages and ids only.

export type CredentialFormResult = { ok: true; id: string } | { ok: false; fieldErrors: Record<string, string>; formError?: string };

const FIELD_LABELS: Record<string, string> = { token: "Enter the token.", username: "Enter the username.", password: "Enter the password.", value: "Enter the value." };

function failure(result: Exclude<SaveResult, { ok: true }>): CredentialFormResult {
  switch (result.reason) {
    case "missing":
      return { ok: false, fieldErrors: { [result.field]: FIELD_LABELS[result.field] } };
    case "name_taken":
      return { ok: false, fieldErrors: { name: "You already have a credential with this name." } };
    case "limit_reached":
      return { ok: false, fieldErrors: {}, formError: `You have reached the limit of ${maxCredentials()} credentials. Delete one to add another.` };
    default:
      return { ok: false, fieldErrors: {}, formError: "That credential does not exist." };
  }
}

export async function saveCredentialAction(id: string | null, input: unknown): Promise<CredentialFormResult> {
  const viewer = await requireViewer("/settings/credentials");
  const parsed = credentialSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrors(parsed.error) };
  let result: SaveResult;
  if (id === null) {
    result = await createCredential(viewer, parsed.data);
  } else {
    const credentialId = credentialIdSchema.safeParse(id);
    if (!credentialId.success) return { ok: false, fieldErrors: {}, formError: "That credential does not exist." };
    result = await updateCredential(viewer, credentialId.data, parsed.data);
  }
  if (!result.ok) return failure(result);
  revalidatePath("/settings/credentials");
  return { ok: true, id: result.credential.id };
}

export type DeleteResult = { ok: true; message: string } | { ok: false; error: string } | null;

export async function deleteCredentialAction(_previous: DeleteResult, form: FormData): Promise<DeleteResult> {
  const viewer = await requireViewer("/settings/credentials");
  const id = credentialIdSchema.safeParse(form.get("id"));
  if (!id.success || !(await deleteCredential(viewer, id.data))) return { ok: false, error: "That credential does not exist." };
  revalidatePath("/settings/credentials");
  return { ok: true, message: "Credential deleted." };
}
