"use client";

import { useEffect, useState, type ReactNode, type Ref } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { toastResult } from "@/components/ui/action-toast";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/field";
import { focusPageHeading } from "@/components/ui/focus";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import type { RemovalImpact } from "@/lib/dal/members";
import { removalImpactAction, removeMemberAction } from "../actions";

type Loaded = ActionResult<{ impact: RemovalImpact }>;
/** One "Remove" chosen in the menu; `n` tells the openings apart. */
export type RemovalRequest = { n: number };

/**
 * Remove a member: the dialog first asks the server what the removal does (their member keys
 * stop, the service keys they created keep working, their credentials and webhooks go to the
 * remover or are deleted, as chosen here), and only then offers the button. `request` is a new
 * object per "Remove" chosen in the menu: each opening loads the impact afresh.
 */
export function RemoveMemberDialog({ handle, request, userId, name }: { handle: Ref<DialogHandle>; request: RemovalRequest | null; userId: string; name: string }) {
  const withReauth = useReauth();
  const [loaded, setLoaded] = useState<{ for: RemovalRequest; result: Loaded } | null>(null);
  useEffect(() => {
    if (!request) return;
    let current = true;
    removalImpactAction(userId)
      .catch((): Loaded => ({ ok: false, error: "Could not check what removing them would change. Please try again." }))
      .then((result) => current && setLoaded({ for: request, result }));
    return () => {
      current = false;
    };
  }, [request, userId]);
  const result = loaded && loaded.for === request ? loaded.result : null;

  async function remove(form: FormData) {
    const outcome = await withReauth(() => removeMemberAction({ userId, private: form.get("private") ?? "transfer" }));
    if (!outcome) return;
    toastResult(outcome);
    // Their row, and the menu button that opened this, are gone: continue from the heading.
    if (outcome.ok) focusPageHeading();
  }

  return (
    <ConfirmDialog
      handle={handle}
      title={`Remove ${name}?`}
      action={remove}
      confirm={<SubmitButton variant="danger" pendingText="Removing…" disabled={!result?.ok}>Remove {name}</SubmitButton>}
    >
      {!result ? (
        <p role="status" aria-busy="true" className="flex items-center gap-2">
          <span className="size-4 animate-spin rounded-full border-2 border-slate-400 border-r-transparent" aria-hidden />
          Checking what removing {name} changes…
        </p>
      ) : !result.ok ? (
        <FormError message={result.error} />
      ) : (
        // Keyed by the opening: the choice below starts at "Transfer to me" every time.
        <Impact key={request?.n} impact={result.impact} />
      )}
    </ConfirmDialog>
  );
}

function Impact({ impact }: { impact: RemovalImpact }) {
  const { member, memberKeys, serviceKeysCreated, credentials, webhooks } = impact;
  const [choice, setChoice] = useState("transfer");
  const owned = credentials.length + webhooks.length;
  return (
    <div className="space-y-4">
      <p>
        {member.name} ({member.email}) loses access to this workspace at once. Adding them again later does not bring their keys back.
      </p>
      <ImpactList
        title="Member keys that stop working now"
        empty="None: they have no keys of their own here."
        items={memberKeys.map((key) => <KeyItem key={key.sid} name={key.name} sid={key.sid} />)}
      />
      <ImpactList
        title="Service keys they created, which keep working"
        empty="None."
        items={serviceKeysCreated.map((key) => <KeyItem key={key.sid} name={key.name} sid={key.sid} />)}
      />
      {owned === 0 ? (
        <>
          <p>They have no credentials or webhooks of their own.</p>
          <input type="hidden" name="private" value="transfer" />
        </>
      ) : (
        <>
          <ImpactList
            title="Their credentials and webhooks"
            empty=""
            items={[
              ...credentials.map((c) => <OwnedItem key={c.id} name={c.name} kind="credential" />),
              ...webhooks.map((w) => <OwnedItem key={w.id} name={w.name} kind="webhook" />),
            ]}
          />
          <ChoiceGroup
            legend="What happens to them"
            name="private"
            value={choice}
            onChange={setChoice}
            className="grid gap-2"
            options={[
              { value: "transfer", label: "Transfer to me", hint: "They become yours and keep working." },
              { value: "delete", label: "Delete them", hint: "Their webhooks stop; whatever uses their credentials breaks." },
            ]}
          />
        </>
      )}
    </div>
  );
}

function ImpactList({ title, empty, items }: { title: string; empty: string; items: ReactNode[] }) {
  return (
    <section className="space-y-1">
      <h3 className="font-medium text-slate-900">{title}</h3>
      {items.length === 0 ? <p>{empty}</p> : <ul className="list-disc space-y-1 pl-5 break-words">{items}</ul>}
    </section>
  );
}

function OwnedItem({ name, kind }: { name: string; kind: string }) {
  return (
    <li>
      <span className="font-medium text-slate-900">{name}</span> <span className="text-slate-600">({kind})</span>
    </li>
  );
}

function KeyItem({ name, sid }: { name: string; sid: string }) {
  return (
    <li>
      <span className="font-medium text-slate-900">{name}</span> <code className="font-mono text-xs text-slate-600">{sid}</code>
    </li>
  );
}
