"use client";

import { useCallback, useRef, useState, type ReactNode } from "react";
import { ReauthContext } from "./reauth-context";
import type { ReauthMethod } from "@/lib/validation/reauth";
import { ReauthDialog } from "./reauth-dialog";

type Props = {
  children: ReactNode;
  /** SUDO_MINUTES: how long a confirmation lasts, to say so in the dialog. */
  minutes: number;
  /** The ways this person can confirm, in the order offered (lib/dal/sudo.ts reauthMethods). */
  methods?: ReauthMethod[];
};

/**
 * Holds the one "Confirm it's you" dialog of the dashboard. Place it once around the pages
 * (the settings layout); every form, dialog and menu then reaches it through useReauth().
 * Several actions asking at once share one dialog and one answer.
 */
export function ReauthProvider({ children, minutes, methods = ["password"] }: Props) {
  const [open, setOpen] = useState(false);
  const pending = useRef<{ promise: Promise<boolean>; resolve: (confirmed: boolean) => void } | null>(null);

  const confirm = useCallback(() => {
    if (pending.current) return pending.current.promise;
    let resolve!: (confirmed: boolean) => void;
    const promise = new Promise<boolean>((r) => (resolve = r));
    pending.current = { promise, resolve };
    setOpen(true);
    return promise;
  }, []);

  const finish = useCallback((confirmed: boolean) => {
    const current = pending.current;
    pending.current = null;
    setOpen(false);
    current?.resolve(confirmed);
  }, []);

  return (
    <ReauthContext value={confirm}>
      {children}
      <ReauthDialog open={open} minutes={minutes} methods={methods} onDone={finish} />
    </ReauthContext>
  );
}
