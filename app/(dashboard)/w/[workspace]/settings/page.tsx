import { redirect } from "next/navigation";
import { workspaceHref } from "@/lib/workspaces/url";

export default async function SettingsPage({ params }: { params: Promise<{ workspace: string }> }) {
  redirect(workspaceHref((await params).workspace, "/settings/api-keys"));
}
