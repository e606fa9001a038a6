import { withApiKey } from "@/lib/http/with-api-key";

/** The key's workspace, what it acts as (a member, or the workspace), and the key itself. Never a secret or a hash. */
export const GET = withApiKey(async (_request, { viewer, key }) => {
  const member = viewer.via === "api-key" && viewer.service ? null : { id: viewer.id, name: viewer.name, email: viewer.email };
  return Response.json({
    workspace: { slug: viewer.workspace.slug, name: viewer.workspace.name },
    actsAs: member ? { type: "member", role: viewer.role, member } : { type: "workspace" },
    user: member,
    key: { sid: key.sid, name: key.name, prefix: key.prefix, expiresAt: key.expiresAt?.toISOString() ?? null, permission: key.permission },
  });
});
