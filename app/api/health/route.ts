import { NO_STORE } from "@/lib/http/errors";
import { health } from "@/lib/health";

/**
 * For load balancers and monitoring: 200 when the database (and Redis, when configured)
 * answer, 503 when one does not. Probed at most once a second per instance (lib/health.ts).
 * Reveals reachability only, never addresses or error messages.
 */
export async function GET() {
  const result = await health();
  return Response.json(result, { status: result.ok ? 200 : 503, headers: NO_STORE });
}
