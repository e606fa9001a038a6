import { rollKey } from "@/lib/dal/key-changes";
import { limitReachedMessage } from "@/lib/dal/plans";
import { ApiError, insufficientRole, readOptionalJson, tooManyCreations, validationFailed } from "@/lib/http/errors";
import { keyJsonFor } from "@/lib/http/key-json";
import { keyNotFound, permissionExceeds, sidOf, type KeyParams } from "@/lib/http/key-params";
import { withApiKey } from "@/lib/http/with-api-key";
import { fieldErrors, rollKeyBodySchema } from "@/lib/validation/api";

/** POST /api/v1/keys/{sid}/roll: a new secret now, the old one until the grace ends (Write). */
export const POST = withApiKey<KeyParams>(async (request, { viewer, params }) => {
  const sid = sidOf(params);
  const parsed = rollKeyBodySchema.safeParse(await readOptionalJson(request));
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
  const rolled = await rollKey(viewer, sid, parsed.data.grace);
  if (rolled.ok) return Response.json({ key: keyJsonFor(viewer, rolled.key), secret: rolled.secret, oldKey: keyJsonFor(viewer, rolled.oldKey) }, { status: 201 });
  if (rolled.reason === "not_found") throw keyNotFound();
  if (rolled.reason === "rate_limited") throw tooManyCreations(rolled.retryAfterSeconds);
  if (rolled.reason === "limit_reached") throw new ApiError(409, "limit_reached", await limitReachedMessage(viewer, "keys"));
  if (rolled.reason === "forbidden") throw insufficientRole(viewer.role, "roll");
  if (rolled.reason === "permission_exceeds") throw permissionExceeds("roll");
  throw new ApiError(409, rolled.reason, rolled.reason === "already_rolled" ? "This key was already rolled." : "Only an active key can be rolled.");
});
