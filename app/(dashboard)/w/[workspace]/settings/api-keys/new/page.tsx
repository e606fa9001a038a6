import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { Card, PageHeader } from "@/components/ui/card";
import { listMembers } from "@/lib/dal/members";
import { atLeast, ROLE_LABELS } from "@/lib/workspaces/roles";
import { requireViewer } from "@/lib/session";
import { limitReachedMessage, workspaceQuota } from "@/lib/dal/plans";
import { CreateKeyForm } from "../_components/create-key-form";

export const metadata: Metadata = { title: "Add API Key" };

export default async function NewKeyPage() {
  const viewer = await requireViewer("/settings/api-keys/new");
  const atLimit = (await workspaceQuota(viewer)).keys.full;
  // Admins and Owners choose what a key acts as: themselves, the workspace, or a member whose
  // role is not above theirs (the DAL checks the same under the workspace's lock).
  const actsAsChoices = atLeast(viewer.role, "admin")
    ? {
        members: (await listMembers(viewer))
          .filter((m) => !m.isYou && atLeast(viewer.role, m.role))
          .map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: ROLE_LABELS[m.role] })),
      }
    : null;
  return (
    <div className="max-w-2xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/settings/api-keys" className="hover:text-slate-700">API Keys</Link> / Add API Key
      </nav>
      <PageHeader title="Add API Key" description="Give the key a name you will recognise later, and an expiry date if it is for a limited job." />
      <Card className="p-6">
        {atLimit ? (
          <p role="alert" className="text-sm text-slate-700">
            {await limitReachedMessage(viewer, "keys")}{" "}
            <Link href="/settings/api-keys" className="font-medium text-indigo-600 hover:text-indigo-500">Back to API Keys</Link>
          </p>
        ) : (
          <CreateKeyForm actsAsChoices={actsAsChoices} />
        )}
      </Card>
    </div>
  );
}
