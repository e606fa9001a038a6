import { withApiKey } from "@/lib/http/with-api-key";

/** The key's owner and the key itself. Never a secret or a hash. */
export const GET = withApiKey(async (_request, { viewer, key }) =>
  Response.json({
    user: { id: viewer.id, name: viewer.name, email: viewer.email },
    key: { sid: key.sid, name: key.name, prefix: key.prefix, expiresAt: key.expiresAt?.toISOString() ?? null },
  }),
);
