import { redirect } from "next/navigation";
import { requireInstanceAdmin } from "@/lib/admin-session";

/** /admin opens Users; for anyone but an instance admin it is the 404 page. */
export default async function AdminHome() {
  await requireInstanceAdmin();
  redirect("/admin/users");
}
