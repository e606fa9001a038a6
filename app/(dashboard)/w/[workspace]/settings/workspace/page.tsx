import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { CopyableId } from "@/components/ui/copy-button";
import { getTwoFactorPolicy } from "@/lib/dal/workspaces";
import { requireViewer } from "@/lib/session";
import { canManageWorkspace, ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/workspaces/roles";
import { RenameWorkspaceForm } from "./_components/rename-form";
import { TwoFactorPolicySwitch } from "./_components/two-factor-policy";

export const metadata: Metadata = { title: "Workspace" };

/** The workspace itself: its name (Owners rename it), its address, and the viewer's role. */
export default async function WorkspaceSettingsPage() {
  const viewer = await requireViewer("/settings/workspace");
  const { workspace, role } = viewer;
  const policy = await getTwoFactorPolicy(viewer);
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Workspace" description="Keys, credentials, webhooks and the security log belong to the workspace, not to one person." />
      <Card className="p-6">
        {canManageWorkspace(role) ? (
          <RenameWorkspaceForm name={workspace.name} />
        ) : (
          <div>
            <h2 className="text-sm font-medium text-slate-900">Name</h2>
            <p className="mt-1 text-sm break-words text-slate-700">{workspace.name}</p>
            <p className="mt-2 text-sm text-slate-600">Only Owners can rename the workspace.</p>
          </div>
        )}
      </Card>
      <Card className="p-6">
        {canManageWorkspace(role) ? (
          <TwoFactorPolicySwitch required={policy.required} ownTwoFactor={policy.viewerHasTwoFactor} />
        ) : (
          <div>
            <h2 className="text-sm font-medium text-slate-900">Two-factor authentication</h2>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
              <Badge tone={policy.required ? "green" : "slate"}>{policy.required ? "Required" : "Not required"}</Badge>
              {policy.required ? "Every member signs in with a second factor." : "Members choose whether to use a second factor."}
            </p>
            <p className="mt-2 text-sm text-slate-600">Only Owners can change this.</p>
          </div>
        )}
      </Card>
      <Card className="space-y-4 p-6">
        <div>
          <h2 className="text-sm font-medium text-slate-900">Address</h2>
          <p className="mt-1 text-sm text-slate-600">Part of every link to this workspace&apos;s pages. It never changes.</p>
          <div className="mt-2"><CopyableId value={workspace.slug} what="workspace address" /></div>
        </div>
        <div>
          <h2 className="text-sm font-medium text-slate-900">Your role</h2>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <Badge tone="slate">{ROLE_LABELS[role]}</Badge>
            {ROLE_DESCRIPTIONS[role]}
          </p>
        </div>
      </Card>
    </div>
  );
}
