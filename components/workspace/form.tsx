"use client";

import NextForm from "next/form";
import type { ComponentProps } from "react";
import { useWorkspaceHref } from "./use-workspace";

/** next/form (a GET form with client navigation) with a "/settings/..." action resolved in the current workspace. */
export default function Form({ action, ...props }: ComponentProps<typeof NextForm>) {
  const resolve = useWorkspaceHref();
  return <NextForm action={typeof action === "string" ? resolve(action) : action} {...props} />;
}
