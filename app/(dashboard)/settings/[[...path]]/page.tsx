import { redirect } from "next/navigation";
import { requireViewer } from "@/lib/session";
import { workspaceHref } from "@/lib/workspaces/url";

type Props = { params: Promise<{ path?: string[] }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * /settings/... without a workspace (old bookmarks, links from before workspaces, the sign-in
 * default): the same page in the workspace last opened in this browser, else the person's first.
 */
export default async function SettingsWithoutWorkspace({ params, searchParams }: Props) {
  const [{ path = [] }, query] = await Promise.all([params, searchParams]);
  const rest = path.map(encodeURIComponent).join("/");
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const v of [value ?? []].flat()) search.append(name, v);
  const target = `/settings${rest ? `/${rest}` : ""}${search.size ? `?${search}` : ""}`;
  const viewer = await requireViewer(target);
  redirect(workspaceHref(viewer.workspace.slug, target));
}
