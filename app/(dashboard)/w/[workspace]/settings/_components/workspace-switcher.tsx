"use client";

import { useActionState, useEffect, useRef, useState, type RefObject } from "react";
import { notifySuccess } from "@/components/ui/action-toast";
import type { DialogHandle } from "@/components/ui/confirm-dialog";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, FormError, Input } from "@/components/ui/field";
import { RowMenu } from "@/components/ui/row-menu";
import { SubmitButton } from "@/components/ui/submit-button";
import { useActionFeedback } from "@/components/ui/use-focus-error";
import { useWorkspaceRouter } from "@/components/workspace/use-workspace";
import type { ActionResult } from "@/lib/action-result";
import { WORKSPACE_NAME_MAX } from "@/lib/validation/members";
import { ROLE_LABELS, type Role } from "@/lib/workspaces/roles";
import { workspaceHref } from "@/lib/workspaces/url";
import { createWorkspaceAction } from "../workspace/actions";

type Workspace = { slug: string; name: string; role: Role };

/**
 * The workspace switcher at the top of the side menu: the current workspace and the viewer's
 * role, a menu of every workspace they belong to (each a link: the URL names the workspace, so
 * two tabs can show two), and "Create workspace".
 */
export function WorkspaceSwitcher({ current, workspaces }: { current: Workspace; workspaces: Workspace[] }) {
  const dialog = useRef<DialogHandle>(null);
  // Mounted on first use: a closed dialog's "Name" field must not sit in every page's DOM
  // beside the page's own fields (labels would repeat). Opened once it is there.
  const [creating, setCreating] = useState(0);
  useEffect(() => {
    if (creating > 0) dialog.current?.open();
  }, [creating]);
  return (
    <>
      <RowMenu
        label={`Workspace: ${current.name}. Switch workspace`}
        trigger={{
          className:
            "flex w-full items-center justify-between gap-2 rounded-md bg-white px-3 py-2 text-left shadow-sm ring-1 ring-slate-200 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600",
          content: (
            <>
              <span className="min-w-0">
                <span className="sr-only">Workspace: </span>
                <span className="block truncate text-sm font-semibold text-slate-900">{current.name}</span>
                <span className="sr-only">, your role: </span>
                <span className="block text-xs text-slate-600">{ROLE_LABELS[current.role]}</span>
                <span className="sr-only">. Switch workspace</span>
              </span>
              <svg viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0 text-slate-500" aria-hidden>
                <path fillRule="evenodd" d="M10 3a.75.75 0 0 1 .55.24l3.25 3.5a.75.75 0 1 1-1.1 1.02L10 4.85 7.3 7.76a.75.75 0 0 1-1.1-1.02l3.25-3.5A.75.75 0 0 1 10 3Zm-3.76 9.2a.75.75 0 0 1 1.06.04L10 15.15l2.7-2.91a.75.75 0 1 1 1.1 1.02l-3.25 3.5a.75.75 0 0 1-1.1 0l-3.25-3.5a.75.75 0 0 1 .04-1.06Z" />
              </svg>
            </>
          ),
        }}
        items={[
          ...workspaces.map((w) => ({
            id: w.slug,
            label: w.name,
            hint: ROLE_LABELS[w.role],
            current: w.slug === current.slug,
            href: workspaceHref(w.slug, "/settings/api-keys"),
          })),
          { id: "create", label: "+ Create workspace", onSelect: () => setCreating((n) => n + 1) },
        ]}
      />
      {creating > 0 && <CreateWorkspaceDialog handle={dialog} />}
    </>
  );
}

function CreateWorkspaceDialog({ handle }: { handle: RefObject<DialogHandle | null> }) {
  const [result, action] = useActionState<ActionResult<{ href: string }> | null, FormData>(createWorkspaceAction, null);
  const [name, setName] = useState("");
  const { form, errors, formError, clear } = useActionFeedback(result);
  const router = useWorkspaceRouter();
  useEffect(() => {
    if (!result?.ok) return;
    handle.current?.close();
    if (result.message) notifySuccess(result.message);
    router.push(result.href);
  }, [result, handle, router]);
  return (
    <ConfirmDialog
      handle={handle}
      title="Create workspace"
      action={action}
      confirm={<SubmitButton pendingText="Creating…">Create workspace</SubmitButton>}
    >
      {/* The dialog is the <form>: this callback ref hands it to the hook that focuses the first error. */}
      <div
        ref={(node) => {
          // eslint-disable-next-line react-hooks/immutability -- a callback ref, run by React after render
          form.current = node?.closest("form") ?? null;
        }}
        className="space-y-4"
      >
        <p>A workspace holds its own keys, credentials, webhooks and security log, and its own members. You will be its Owner.</p>
        <FormError message={formError} />
        <Field id="new-workspace-name" label="Name" error={errors.name} hint={`For example your company or a project. Up to ${WORKSPACE_NAME_MAX} characters.`}>
          <Input
            id="new-workspace-name"
            name="name"
            data-autofocus
            aria-required
            hint
            maxLength={WORKSPACE_NAME_MAX}
            value={name}
            error={errors.name}
            onChange={(event) => {
              setName(event.target.value);
              clear("name");
            }}
          />
        </Field>
      </div>
    </ConfirmDialog>
  );
}
