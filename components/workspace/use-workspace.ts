"use client";

import { useParams, useRouter } from "next/navigation";
import { useMemo } from "react";
import { workspaceHref } from "@/lib/workspaces/url";

/**
 * Links inside a workspace are written as "/settings/..." and resolved against the workspace
 * the current URL names (/w/<slug>/...), so a page shows and links within one workspace and
 * two tabs can show two. Outside a workspace the path is left as it is (/settings/... then
 * goes to the workspace last opened).
 */
export function useWorkspaceHref(): (path: string) => string {
  const params = useParams<{ workspace?: string }>();
  const slug = typeof params?.workspace === "string" ? params.workspace : null;
  return useMemo(() => (path: string) => (slug && path.startsWith("/settings") ? workspaceHref(slug, path) : path), [slug]);
}

/** useRouter() whose push and replace resolve "/settings/..." like useWorkspaceHref. */
export function useWorkspaceRouter() {
  const router = useRouter();
  const href = useWorkspaceHref();
  return useMemo(
    () => ({ ...router, push: (path: string) => router.push(href(path)), replace: (path: string) => router.replace(href(path)) }),
    [router, href],
  );
}
