import type { Metadata } from "next";
import Link from "@/components/workspace/link";
import { Card, PageHeader } from "@/components/ui/card";
import { limitReachedMessage, workspaceQuota } from "@/lib/dal/plans";
import { requireViewer } from "@/lib/session";
import { atLeast } from "@/lib/workspaces/roles";
import { ServicePicker } from "../_components/service-picker";

export const metadata: Metadata = { title: "Connect a service" };

export default async function ConnectServicePage() {
  const viewer = await requireViewer("/settings/credentials/connect");
  const atLimit = (await workspaceQuota(viewer)).credentials.full;
  return (
    <div className="max-w-5xl space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/settings/credentials" className="hover:text-slate-900 hover:underline">Credentials</Link> / Connect a service
      </nav>
      <PageHeader
        title="Connect a service"
        description="Find the service, then enter its key: the form knows how the service expects it, and where its API lives."
      />
      {!atLeast(viewer.role, "member") ? (
        <Card className="p-4 sm:p-6">
          <p className="text-sm text-slate-700">Viewers cannot add credentials. Ask an Admin or Owner to connect a service.</p>
        </Card>
      ) : atLimit ? (
        <Card className="p-4 sm:p-6">
          <p role="alert" className="text-sm">{await limitReachedMessage(viewer, "credentials")}</p>
        </Card>
      ) : (
        <ServicePicker />
      )}
    </div>
  );
}
