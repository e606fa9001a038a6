import { createKey } from "@/lib/dal/key-changes";
import { listKeyFeed } from "@/lib/dal/keys";
import { limitReachedMessage } from "@/lib/dal/plans";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { ApiError, insufficientRole, readJson, tooManyCreations, validationFailed } from "@/lib/http/errors";
import { keyJson, keyJsonFor } from "@/lib/http/key-json";
import { permissionExceeds } from "@/lib/http/key-params";
import { withApiKey } from "@/lib/http/with-api-key";
import { fieldErrors, listKeysQuerySchema } from "@/lib/validation/api";
import { defaultDirection, parseCreateKey } from "@/lib/validation/keys";

/** GET /api/v1/keys: the key owner's keys, searched, sorted and paged by cursor (Read). */
export const GET = withApiKey(async (request, { viewer }) => {
  const parsed = listKeysQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
  const { q, sort, dir, status, limit, cursor } = parsed.data;
  const offset = decodeCursor(cursor);
  const direction = dir ?? defaultDirection(sort);
  const page = await listKeyFeed(viewer, { query: q ?? "", sort, direction, status, offset, limit });
  return Response.json({ keys: page.keys.map(keyJson), nextCursor: page.more ? encodeCursor(offset + limit) : null });
});

/** POST /api/v1/keys: create a key (Write). The secret is in this response only. */
export const POST = withApiKey(async (request, { viewer }) => {
  const parsed = parseCreateKey(await readJson(request));
  if (!parsed.ok) throw validationFailed(parsed.fieldErrors);
  const created = await createKey(viewer, parsed.data);
  if (!created.ok && created.reason === "forbidden") throw insufficientRole(viewer.role, "create");
  if (!created.ok && created.reason === "permission_exceeds") throw permissionExceeds("create");
  if (!created.ok && created.reason === "rate_limited") throw tooManyCreations(created.retryAfterSeconds);
  if (!created.ok) throw new ApiError(409, "limit_reached", await limitReachedMessage(viewer, "keys"));
  return Response.json({ key: keyJsonFor(viewer, created.key), secret: created.secret }, { status: 201 });
});
