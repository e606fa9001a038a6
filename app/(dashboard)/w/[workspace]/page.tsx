import { redirect } from "next/navigation";
import { workspaceHref } from "@/lib/workspaces/url";

/** /w/<slug>: the workspace's keys. */
export default async function WorkspacePage({ params }: { params: Promise<{ workspace: string }> }) {
  redirect(workspaceHref((await params).workspace, "/settings/api-keys"));
}
