"use client";

import { useRef, useState, type FormEvent } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { Button } from "@/components/ui/button";
import { ChoiceGroup } from "@/components/ui/choice-group";
import type { DialogHandle } from "@/components/ui/confirm-dialog";
import { Field, FormError, Input } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { formErrorOf } from "@/lib/action-result";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/workspaces/roles";
import { inviteMemberAction, type RevealedInvitation } from "../actions";
import { InvitationLink } from "./invitation-link";
import { Modal } from "./modal";

/**
 * "Invite member": an email and a role (only the roles the viewer may grant), then the link,
 * once, in the same dialog. Closing it (Done) forgets the link; the next opening starts blank.
 */
export function InviteDialog({ roles, lifetime }: { roles: Role[]; /** How long a link works: "3 days". */ lifetime: string }) {
  const dialog = useRef<DialogHandle>(null);
  const [created, setCreated] = useState<RevealedInvitation | null>(null);
  // A new form (blank fields, no errors) every time the dialog opens.
  const [opened, setOpened] = useState(0);
  const open = () => {
    setOpened((n) => n + 1);
    // After React has rendered the fresh form, so focus lands on its email field.
    requestAnimationFrame(() => dialog.current?.open());
  };
  return (
    <>
      <Button onClick={open}>Invite member</Button>
      <Modal handle={dialog} title={created ? `Invitation for ${created.email}` : "Invite a member"} onClose={() => setCreated(null)} holdEscape={created !== null}>
        {created ? (
          <InvitationLink invitation={created} onDone={() => dialog.current?.close()} />
        ) : (
          <InviteForm key={opened} roles={roles} lifetime={lifetime} onCreated={setCreated} onCancel={() => dialog.current?.close()} />
        )}
      </Modal>
    </>
  );
}

function InviteForm({ roles, lifetime, onCreated, onCancel }: { roles: Role[]; lifetime: string; onCreated: (invitation: RevealedInvitation) => void; onCancel: () => void }) {
  const withReauth = useReauth();
  const [values, setValues] = useState<{ email: string; role: string }>({ email: "", role: roles.includes("member") ? "member" : roles.at(-1)! });
  const { form, errors, formError, fail, reset, clear } = useFormFeedback();
  const [pending, setPending] = useState(false);
  const update = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    clear(field);
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    reset();
    try {
      const result = await withReauth(() => inviteMemberAction(values));
      if (!result) return; // cancelled "Confirm it's you": the form stays as it was
      if (!result.ok) fail(result.fieldErrors ?? {}, formErrorOf(result));
      else onCreated(result.invitation);
    } catch {
      fail({}, "Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-5" noValidate aria-label="Invite a member">
      <p className="text-sm text-slate-600">
        You get a link to send them yourself. It works once, for this email address only, and expires after {lifetime}.
      </p>
      <FormError message={formError} />
      <Field id="invite-email" label="Email" error={errors.email} hint="They join by signing in, or creating an account, with this address.">
        <Input
          id="invite-email"
          name="email"
          type="email"
          autoComplete="off"
          required
          hint
          error={errors.email}
          value={values.email}
          onChange={(e) => update("email", e.target.value)}
          data-autofocus
        />
      </Field>
      <ChoiceGroup
        legend="Role"
        name="role"
        options={roles.map((role) => ({ value: role, label: ROLE_LABELS[role], hint: ROLE_DESCRIPTIONS[role] }))}
        value={values.role}
        onChange={(role) => update("role", role)}
        error={errors.role}
        className="grid gap-2"
      />
      <div className="flex flex-wrap justify-end gap-3 pt-1">
        <Button variant="secondary" onClick={onCancel}>Cancel</Button>
        <Button type="submit" disabled={pending}>{pending ? "Creating link…" : "Create invitation link"}</Button>
      </div>
    </form>
  );
}
