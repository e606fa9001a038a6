"use client";

import { useEffect, useRef, useState } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { toastResult } from "@/components/ui/action-toast";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { focusPageHeading } from "@/components/ui/focus";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import { SubmitButton } from "@/components/ui/submit-button";
import { disableUserAction, enableUserAction, issueResetLinkAction, resetTwoFactorAction } from "../actions";

type Props = {
  user: { id: string; name: string; email: string; disabled: boolean; twoFactor: boolean };
  /** The admin's own row: no Disable. */
  isYou: boolean;
};

type Open = { which: "disable" | "enable" | "link" | "twofactor"; n: number } | null;

/**
 * A person's "…" menu in the Admin area: disable or re-enable, a password reset link, reset
 * two-factor. Each is a dialog that says what happens, and each asks "Confirm it's you" first
 * when the session has not re-authenticated recently (the server action refuses otherwise).
 */
export function UserActions({ user, isYou }: Props) {
  const withReauth = useReauth();
  const disableDialog = useRef<DialogHandle>(null);
  const enableDialog = useRef<DialogHandle>(null);
  const linkDialog = useRef<DialogHandle>(null);
  const twoFactorDialog = useRef<DialogHandle>(null);
  // Chosen in the menu, opened once the menu has closed and handed focus back to its button.
  const [open, setOpen] = useState<Open>(null);
  const [link, setLink] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    const dialog = { disable: disableDialog, enable: enableDialog, link: linkDialog, twofactor: twoFactorDialog }[open.which];
    dialog.current?.open();
  }, [open]);
  const choose = (which: NonNullable<Open>["which"]) => () => setOpen({ which, n: (open?.n ?? 0) + 1 });

  const items: RowMenuItem[] = [];
  if (user.disabled) items.push({ label: "Re-enable", onSelect: choose("enable") });
  else if (!isYou) items.push({ label: "Disable", danger: true, onSelect: choose("disable") });
  items.push({ label: "Password reset link", onSelect: () => (setLink(null), choose("link")()) });
  if (user.twoFactor) items.push({ label: "Reset two-factor", danger: true, onSelect: choose("twofactor") });

  /** Runs a change, asking "Confirm it's you" when the server wants it; true when it was made. */
  async function change(action: typeof disableUserAction, form: FormData): Promise<boolean> {
    const result = await withReauth(() => action(null, form));
    if (!result) return false; // "Confirm it's you" cancelled: nothing changed
    toastResult(result);
    if (result.ok) focusPageHeading();
    return result.ok;
  }
  async function disable(form: FormData) {
    if (await change(disableUserAction, form)) disableDialog.current?.close();
  }
  async function enable(form: FormData) {
    if (await change(enableUserAction, form)) enableDialog.current?.close();
  }
  async function resetFactors(form: FormData) {
    if (await change(resetTwoFactorAction, form)) twoFactorDialog.current?.close();
  }

  async function issueLink(form: FormData) {
    const result = await withReauth(() => issueResetLinkAction(null, form));
    if (!result) return;
    if (result.ok) setLink(result.link);
    else toastResult(result);
  }

  const hidden = <input type="hidden" name="userId" value={user.id} />;
  return (
    <>
      <RowMenu label={`Actions for ${user.name}`} items={items} />
      <ConfirmDialog
        handle={disableDialog}
        title={`Disable ${user.name}?`}
        action={disable}
        confirm={<SubmitButton variant="danger" pendingText="Disabling…">Disable account</SubmitButton>}
      >
        {hidden}
        <p>
          {user.email} is signed out everywhere at once, cannot sign in, and every member key that acts as them stops working on its next request.
          Nothing is deleted: re-enabling the account brings it all back.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        handle={enableDialog}
        title={`Re-enable ${user.name}?`}
        action={enable}
        confirm={<SubmitButton pendingText="Re-enabling…">Re-enable account</SubmitButton>}
      >
        {hidden}
        <p>{user.email} can sign in again, and their member keys work again.</p>
      </ConfirmDialog>
      <ConfirmDialog
        handle={linkDialog}
        title={`Password reset link for ${user.name}`}
        action={link ? undefined : issueLink}
        confirm={link ? <CopyButton text={link} what="Reset link" variant="primary" /> : <SubmitButton pendingText="Creating…">Create link</SubmitButton>}
      >
        {hidden}
        {link ? (
          <div className="space-y-2">
            <p>Give this link to {user.email} yourself. It is shown once, works once, for 1 hour; setting a password with it signs out every session of theirs.</p>
            <code data-testid="reset-link" className="block rounded-md bg-slate-100 p-2 font-mono text-xs break-all text-slate-900">
              {link}
            </code>
          </div>
        ) : (
          <p>A link that lets whoever opens it set a new password for {user.email}, for 1 hour. It is shown here once and is not mailed.</p>
        )}
      </ConfirmDialog>
      <ConfirmDialog
        handle={twoFactorDialog}
        title={`Reset two-factor for ${user.name}?`}
        action={resetFactors}
        confirm={<SubmitButton variant="danger" pendingText="Resetting…">Reset two-factor</SubmitButton>}
      >
        {hidden}
        <p>
          Removes their authenticator app, backup codes and passkeys, for someone who lost them. They then sign in with their password alone, and
          are told by mail. Where a workspace requires two-factor, their member keys stop until they set it up again.
        </p>
      </ConfirmDialog>
    </>
  );
}
