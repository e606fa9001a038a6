"use client";

import Link from "next/link";
import { useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { verifyEmailAction } from "../actions";

export function VerifyButton({ token }: { token: string }) {
  const [state, setState] = useState<"idle" | "pending" | "done">("idle");
  const [error, setError] = useState<string>();

  async function verify() {
    setState("pending");
    setError(undefined);
    try {
      const result = await verifyEmailAction(token);
      if (result.ok) return setState("done");
      setError(result.error);
    } catch {
      setError("Something went wrong. Please try again.");
    }
    setState("idle");
  }

  if (state === "done") {
    return (
      <div className="mt-6 space-y-4" role="status">
        <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">Your email address is verified.</p>
        <Link href="/settings/api-keys" className={buttonClass("primary", "w-full")}>
          Continue to Latchkey
        </Link>
      </div>
    );
  }
  return (
    <div className="mt-6 space-y-4">
      <FormError message={error} />
      <Button className="w-full" onClick={verify} disabled={state === "pending"}>
        {state === "pending" ? "Verifying…" : "Verify my address"}
      </Button>
    </div>
  );
}
