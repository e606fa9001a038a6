"use client";

import { useCallback, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { notifyError } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { useReauth } from "@/components/reauth/use-reauth";
import { startTotpSetupAction } from "../actions";
import { BackupCodes } from "./backup-codes";
import { RegenerateCodesDialog, TurnOffDialog } from "./two-factor-dialogs";
import { TotpSetup } from "./totp-setup";

type Props = { enabled: boolean; enabledOn: string | null; backupCodesLeft: number };
type Setup = { secret: string; uri: string; qr: string };

/**
 * Account → Security → Authenticator app: off (Set up), setting up (QR code, key, code), the
 * backup codes once, and on (replace backup codes, turn off). The secret and the codes are in
 * this component's state only: the page itself never renders them.
 */
export function AuthenticatorSection({ enabled, enabledOn, backupCodesLeft }: Props) {
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [pending, startTransition] = useTransition();
  const withReauth = useReauth();
  const showCodes = useCallback((fresh: string[]) => {
    setSetup(null);
    setCodes(fresh);
  }, []);

  function begin() {
    startTransition(async () => {
      const result = await withReauth(() => startTotpSetupAction());
      if (!result) return; // cancelled: nothing changed
      if (result.ok) setSetup({ secret: result.secret, uri: result.uri, qr: result.qr });
      else notifyError(result.error);
    });
  }

  if (codes) return <BackupCodes codes={codes} onDone={() => setCodes(null)} />;
  if (setup) return <TotpSetup setup={setup} onConfirmed={showCodes} onCancel={() => setSetup(null)} />;
  if (!enabled) {
    return (
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="text-sm text-slate-600">
          <Badge tone="slate">Off</Badge> <span className="ml-1">Sign-in asks only for your password.</span>
        </p>
        <Button onClick={begin} disabled={pending}>
          {pending ? "Preparing…" : "Set up authenticator app"}
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        <Badge tone="green">On</Badge>
        <span className="ml-2">
          {enabledOn ? `Since ${enabledOn}. ` : ""}Sign-in asks for a code from your app after your password.
        </span>
      </p>
      <p className="text-sm text-slate-600" data-testid="backup-codes-left">
        {backupCodesLeft === 0
          ? "You have no unused backup codes left. Make new ones so that a lost phone does not lock you out."
          : `${backupCodesLeft} unused backup ${backupCodesLeft === 1 ? "code" : "codes"} left.`}
      </p>
      <div className="flex flex-wrap gap-3">
        <RegenerateCodesDialog onRenewed={showCodes} />
        <TurnOffDialog />
      </div>
    </div>
  );
}
