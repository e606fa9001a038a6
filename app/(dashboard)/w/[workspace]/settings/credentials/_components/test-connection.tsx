"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { ActionResult } from "@/lib/action-result";
import { testConnectionAction, type ConnectionTestAnswer } from "../[id]/actions";

const TONES = {
  ok: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  warn: "bg-amber-50 text-amber-900 ring-amber-200",
  bad: "bg-red-50 text-red-900 ring-red-200",
} as const;

/**
 * "Test connection": the service's harmless request with this credential, sent by the server.
 * Shows the status code and what it means for the key; never anything the service answered.
 * The result sits in a status region next to the button, so it is announced and stays readable.
 */
export function TestConnection({ id, description }: { id: string; description: string }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<ActionResult<ConnectionTestAnswer> | null>(null);

  async function run() {
    setPending(true);
    try {
      setResult(await testConnectionAction(id));
    } catch {
      setResult({ ok: false, error: "Something went wrong. Please try again." });
    } finally {
      setPending(false);
    }
  }

  const tone = !result ? null : !result.ok ? TONES.bad : result.verdict === "ok" ? TONES.ok : result.verdict === "forbidden" ? TONES.warn : TONES.bad;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">{description} It changes nothing; the service’s answer is not shown, only its status code.</p>
      <Button variant="secondary" onClick={run} disabled={pending}>
        {pending ? "Testing…" : "Test connection"}
      </Button>
      <div role="status" aria-live="polite">
        {result && tone && (
          <p className={cn("rounded-md px-4 py-3 text-sm ring-1", tone)} data-testid="connection-result">
            {result.ok ? (
              <>
                {result.statusCode !== null && <strong className="font-semibold">{result.statusCode}</strong>}
                {result.statusCode !== null ? " · " : ""}
                {result.hint ?? (result.statusCode !== null ? "The service answered." : "Could not reach the service.")}
              </>
            ) : (
              result.error
            )}
          </p>
        )}
      </div>
    </div>
  );
}
