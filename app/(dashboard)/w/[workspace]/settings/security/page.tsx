import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { listPasskeys } from "@/lib/dal/passkeys";
import { requireViewer } from "@/lib/session";
import { PasskeysSection } from "./_components/passkeys-section";

export const metadata: Metadata = { title: "Security" };

// A minimal page for the passkeys helper's tests: the lead keeps the Security page built in
// parallel and renders <PasskeysSection passkeys={await listPasskeys(viewer)} /> in it.
export default async function SecurityPage() {
  const viewer = await requireViewer("/settings/security");
  const passkeys = await listPasskeys(viewer);
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Security" description="How you sign in to Latchkey." />
      <PasskeysSection passkeys={passkeys} />
    </div>
  );
}
