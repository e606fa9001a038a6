"use client";

import NextLink from "next/link";
import type { ComponentProps } from "react";
import { useWorkspaceHref } from "./use-workspace";

/** next/link with "/settings/..." resolved in the current workspace (use-workspace.ts). */
export default function Link({ href, ...props }: ComponentProps<typeof NextLink>) {
  const resolve = useWorkspaceHref();
  return <NextLink href={typeof href === "string" ? resolve(href) : href} {...props} />;
}
