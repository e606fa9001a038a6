"use client";

import { useActionState, useEffect } from "react";
import { useReauthAction } from "@/components/reauth/use-reauth";
import { toastResult } from "@/components/ui/action-toast";
import { focusPageHeading } from "@/components/ui/focus";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/action-result";
import { endGracePeriodAction } from "../actions";

/**
 * For a rolled key in its grace period: stop the old secret now, keep the replacement. Stays
 * mounted once the grace period has ended (rendering no button) so its toast still fires.
 */
export function EndGraceDialog({ sid, name, replacedBy, inGrace }: { sid: string; name: string; replacedBy: string; inGrace: boolean }) {
  const [result, action] = useActionState<ActionResult | null, FormData>(useReauthAction(endGracePeriodAction), null);
  useEffect(() => {
    toastResult(result);
    if (result?.ok) focusPageHeading();
  }, [result]);
  if (!inGrace) return null;
  return (
    <ConfirmDialog
      trigger="End grace period"
      title={`Stop the old secret of “${name}” now?`}
      action={action}
      confirm={
        <SubmitButton variant="danger" pendingText="Stopping…">
          Stop old secret
        </SubmitButton>
      }
    >
      <input type="hidden" name="sid" value={sid} />
      Requests using this key&apos;s old secret will be refused immediately. Its replacement{" "}
      <code className="font-mono">{replacedBy}</code> keeps working.
    </ConfirmDialog>
  );
}
