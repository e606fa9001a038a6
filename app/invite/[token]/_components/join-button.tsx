"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toastResult } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useFormFeedback } from "@/components/ui/use-focus-error";
import { acceptInvitationAction } from "../actions";

/** Accepts the invitation, then opens the workspace joined, with a toast that says so. */
export function JoinButton({ token, workspaceName }: { token: string; workspaceName: string }) {
  const router = useRouter();
  const { form, formError, fail, reset } = useFormFeedback();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    reset();
    try {
      const result = await acceptInvitationAction(token);
      if (!result.ok) {
        fail({}, result.error);
        setPending(false);
        return;
      }
      toastResult(result);
      router.replace(result.href);
    } catch {
      fail({}, "Something went wrong. Please try again.");
      setPending(false);
    }
  }

  return (
    <form ref={form} onSubmit={onSubmit} className="space-y-3">
      <FormError message={formError} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : `Join ${workspaceName}`}
      </Button>
    </form>
  );
}
