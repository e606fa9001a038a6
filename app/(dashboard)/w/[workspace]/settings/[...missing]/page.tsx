import { notFound } from "next/navigation";
import { requireViewer } from "@/lib/session";

/** Any other /settings/… address: the in-shell 404 for a signed-in person, sign-in otherwise. */
export default async function MissingSettingsPage() {
  await requireViewer("/settings/api-keys");
  notFound();
}
