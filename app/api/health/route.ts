import { NO_STORE } from "@/lib/http/errors";
import { health } from "@/lib/health";

/**
 * For load balancers and monitoring: 200 when the database answers, 503 when it does not;
 * the body also says whether Redis answers ("unavailable" means rate limits have fallen back
 * to each instance's memory: worth an alert, not a reason to stop serving). Probed at most
 * once a second per instance (lib/health.ts). Reveals reachability only, never addresses or
 * error messages.
 */
export async function GET() {
  const result = await health();
  return Response.json(result, { status: result.ok ? 200 : 503, headers: NO_STORE });
}
