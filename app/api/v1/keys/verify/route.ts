import { recordKeyUse } from "@/lib/dal/activity";
import { inspectKey } from "@/lib/dal/verify";
import { readJson, validationFailed } from "@/lib/http/errors";
import { consumeKeyRequest } from "@/lib/limits/rate-limit";
import { withApiKey } from "@/lib/http/with-api-key";
import { isWellFormedKey } from "@/lib/keys/format";
import { fieldErrors, verifyKeyBodySchema } from "@/lib/validation/api";

/**
 * POST /api/v1/keys/verify: lets the workspace's other services use Latchkey as their key
 * service. Authenticated by a key of the same workspace with Read; answers 200 with
 * { valid, code, key } for any well-formed request, whatever the checked key is.
 */
export const POST = withApiKey(
  async (request, { viewer }) => {
    const parsed = verifyKeyBodySchema.safeParse(await readJson(request));
    if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
    // A mistyped key is answered without a database lookup, like any other bad key.
    if (!isWellFormedKey(parsed.data.key)) return Response.json({ valid: false, code: "not_found", key: null });
    const inspection = await inspectKey(viewer, parsed.data.key);
    const { key } = inspection;
    let code: typeof inspection.code | "rate_limited" = inspection.code;
    // A verification spends the checked key's own rate limit, as a direct request would.
    if (code === "valid" && key?.rateLimitPerMinute && !(await consumeKeyRequest(key.id, key.rateLimitPerMinute)).ok) code = "rate_limited";
    if (code === "valid" && key) recordKeyUse(key.id, viewer.ip);
    return Response.json({
      valid: code === "valid",
      code,
      key: key && {
        sid: key.sid,
        name: key.name,
        permission: key.permission,
        expiresAt: key.expiresAt?.toISOString() ?? null,
        kind: key.actingUserId === null ? "service" : "member",
        memberId: key.actingUserId,
      },
    });
  },
  { permission: "read" },
);
