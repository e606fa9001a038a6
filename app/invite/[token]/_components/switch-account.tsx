"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Signed in as someone else: sign out and come back here, to sign in or sign up with the invited address. */
export function SwitchAccountButton({ token, email }: { token: string; email: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: `/invite/${token}` });
      }}
    >
      {pending ? "Signing out…" : `Sign out and use ${email}`}
    </Button>
  );
}
