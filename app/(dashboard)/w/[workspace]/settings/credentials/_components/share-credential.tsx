"use client";

import { useState, type Ref } from "react";
import { useReauth } from "@/components/reauth/use-reauth";
import { notifySuccess } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { ChoiceGroup } from "@/components/ui/choice-group";
import { ConfirmDialog, type DialogHandle } from "@/components/ui/confirm-dialog";
import { formErrorOf } from "@/lib/action-result";
import type { Sharing } from "@/lib/workspaces/roles";
import { shareCredentialAction } from "../actions";

export type ShareTarget = { id: string; name: string; creatorId: string; creatorName: string; sharing: Sharing; sharedWith: string[] };
type Member = { id: string; name: string; email: string };
type Affected = { id: string; name: string; owner: string }[];

const OPTIONS: { value: Sharing; label: string; hint: string }[] = [
  { value: "private", label: "Personal", hint: "Only its creator can use it." },
  { value: "workspace", label: "Whole workspace", hint: "Every member can use it." },
  { value: "members", label: "Chosen members", hint: "Its creator and the people you pick." },
];

/**
 * "Share…": who may use a credential (pick it as a webhook's Authentication). Nobody can read
 * the value, whatever is chosen here. Saving asks "Confirm it's you"; when the change would stop
 * webhooks from authenticating, the server names them first and nothing changes until the
 * person confirms with them on screen.
 */
export function ShareCredential({ credential, members, handle }: { credential: ShareTarget; members: Member[]; handle: Ref<DialogHandle> }) {
  const withReauth = useReauth();
  const [sharing, setSharing] = useState<Sharing>(credential.sharing);
  const [chosen, setChosen] = useState<string[]>(credential.sharedWith);
  const [affected, setAffected] = useState<Affected | null>(null);
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const others = members.filter((m) => m.id !== credential.creatorId);

  const toggle = (id: string, on: boolean) => {
    setChosen((current) => (on ? [...current, id] : current.filter((c) => c !== id)));
    setAffected(null);
  };

  async function save() {
    setPending(true);
    setError(undefined);
    try {
      const result = await withReauth(() => shareCredentialAction({ id: credential.id, sharing, members: sharing === "members" ? chosen : [], acknowledged: affected?.map((w) => w.id) ?? [] }));
      if (!result) return;
      if (!result.ok) return setError(result.fieldErrors?.members ?? formErrorOf(result));
      if (result.affected) return setAffected(result.affected);
      notifySuccess(result.message ?? "Sharing saved.");
      setAffected(null);
      (handle as { current: DialogHandle | null } | null)?.current?.close();
    } catch {
      setError("Something went wrong. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <ConfirmDialog
      handle={handle}
      title={`Share “${credential.name}”`}
      confirm={
        <Button variant={affected ? "danger" : undefined} onClick={save} disabled={pending}>
          {pending ? "Saving…" : affected ? "Stop them authenticating" : "Save sharing"}
        </Button>
      }
    >
      <div className="space-y-4">
        <p>People it is shared with can choose it as a webhook’s Authentication, only towards its allowed hosts. Nobody, its creator included, can see its value.</p>
        <ChoiceGroup
          legend="Who can use it"
          name={`sharing-${credential.id}`}
          options={OPTIONS}
          value={sharing}
          onChange={(value) => {
            setSharing(value as Sharing);
            setAffected(null);
          }}
          className="grid gap-2"
        />
        {sharing === "members" && (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-900">Members</legend>
            {others.length === 0 ? (
              <p className="text-sm text-slate-600">Nobody else here can own webhooks yet. Invite someone under Members.</p>
            ) : (
              <ul className="max-h-56 space-y-1 overflow-y-auto">
                {others.map((m) => (
                  <li key={m.id}>
                    <label className="flex cursor-pointer items-start gap-2 rounded px-1 py-1 hover:bg-slate-50">
                      <input type="checkbox" className="mt-0.5 size-4 accent-indigo-600" checked={chosen.includes(m.id)} onChange={(e) => toggle(m.id, e.target.checked)} />
                      <span className="min-w-0 break-words">
                        <span className="block font-medium text-slate-900">{m.name}</span>
                        <span className="block text-xs text-slate-600">{m.email}</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            <p className="text-xs text-slate-600">{credential.creatorName} (its creator) can always use it.</p>
          </fieldset>
        )}
        {affected && (
          <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-800 ring-1 ring-red-200">
            <p className="font-medium">These webhooks will stop authenticating:</p>
            <ul className="mt-1 list-disc pl-5">
              {affected.map((a) => (
                <li key={a.id}>“{a.name}”, owned by {a.owner}</li>
              ))}
            </ul>
            <p className="mt-1">Their deliveries will fail saying the credential is no longer shared with their owner.</p>
          </div>
        )}
        {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      </div>
    </ConfirmDialog>
  );
}
