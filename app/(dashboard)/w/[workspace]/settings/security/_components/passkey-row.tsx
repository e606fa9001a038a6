"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type RefObject } from "react";
import { toastResult } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { Field, Input } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReauth } from "@/components/reauth/use-reauth";
import { removePasskeyAction, renamePasskeyAction } from "../passkey-actions";

export type PasskeyItem = { id: string; name: string; createdAt: Date; lastUsedAt: Date | null };

/** One passkey: its name, when it was added and last used, Rename and Remove. */
export function PasskeyRow({ passkey }: { passkey: PasskeyItem }) {
  const rename = useRef<DialogHandle>(null);
  const remove = useRef<DialogHandle>(null);
  const router = useRouter();
  const withReauth = useReauth();

  async function confirmRemove() {
    const result = await withReauth(() => removePasskeyAction(passkey.id));
    if (!result) return; // "Confirm it's you" was cancelled: nothing changed
    toastResult(result);
    if (result.ok) router.refresh();
  }

  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-6 py-4" data-testid="passkey-row">
      <div className="min-w-0">
        <p className="truncate text-sm font-medium text-slate-900">{passkey.name}</p>
        <p className="mt-0.5 text-xs text-slate-600">
          Added <RelativeTime at={passkey.createdAt} /> ·{" "}
          {passkey.lastUsedAt ? (
            <>
              Last used <RelativeTime at={passkey.lastUsedAt} />
            </>
          ) : (
            "Never used"
          )}
        </p>
      </div>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => rename.current?.open()} aria-label={`Rename ${passkey.name}`}>
          Rename
        </Button>
        <Button variant="danger" onClick={() => remove.current?.open()} aria-label={`Remove ${passkey.name}`}>
          Remove
        </Button>
      </div>
      <RenamePasskeyDialog handle={rename} passkey={passkey} title={`Rename ${passkey.name}`} />
      <ConfirmDialog
        handle={remove}
        title={`Remove ${passkey.name}?`}
        action={confirmRemove}
        confirm={<SubmitButton variant="danger" pendingText="Removing…">Remove passkey</SubmitButton>}
      >
        You can no longer sign in or confirm sensitive actions with this passkey. Remove it from the device too, in its passkey or password settings.
      </ConfirmDialog>
    </li>
  );
}

/** A dialog with one field: the passkey's name (also opened right after adding one). */
export function RenamePasskeyDialog({ handle, passkey, title }: { handle: RefObject<DialogHandle | null>; passkey: PasskeyItem; title: string }) {
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | undefined>();
  const [name, setName] = useState(passkey.name);

  async function save() {
    const result = await renamePasskeyAction({ passkeyId: passkey.id, name });
    if (!result.ok) {
      setError(result.fieldErrors?.name ?? result.error);
      return;
    }
    setError(undefined);
    toastResult(result);
    handle.current?.close();
    router.refresh();
  }

  return (
    <ConfirmDialog handle={handle} title={title} action={save} confirm={<SubmitButton pendingText="Saving…">Save name</SubmitButton>}>
      <Field id={`${id}-name`} label="Passkey name" error={error} hint="So you can tell your passkeys apart, e.g. “Work laptop” or “Phone”.">
        <Input
          id={`${id}-name`}
          name="name"
          maxLength={60}
          required
          data-autofocus
          error={error}
          hint
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setError(undefined);
          }}
        />
      </Field>
    </ConfirmDialog>
  );
}
