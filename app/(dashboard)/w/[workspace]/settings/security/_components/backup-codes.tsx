"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * The ten backup codes, shown once: right after two-factor is turned on or the codes are
 * replaced. They live in this component's props only; a reload shows them no more.
 */
export function BackupCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const text = `Latchkey backup codes\nEach code works once, in place of a code from your authenticator app.\n\n${codes.join("\n")}\n`;
  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "latchkey-backup-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <div className="rounded-md bg-emerald-50 p-4 ring-1 ring-emerald-200" data-testid="backup-codes">
      <h3 ref={heading} tabIndex={-1} className="text-sm font-semibold text-emerald-900 focus:outline-none">
        Save your backup codes
      </h3>
      <p className="mt-1 text-sm text-emerald-900">
        If you lose your phone, each of these codes signs you in once instead of a code from the app. Store them somewhere safe, such as a password
        manager. They will not be shown again.
      </p>
      <ul aria-label="Backup codes" className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 rounded-md bg-white p-3 font-mono text-sm text-slate-900 ring-1 ring-emerald-200 sm:grid-cols-5">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-3">
        <CopyButton text={codes.join("\n")} what="Backup codes" />
        <Button variant="secondary" onClick={download}>
          Download
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </div>
  );
}
