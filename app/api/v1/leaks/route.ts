import { reportLeakedKeys } from "@/lib/dal/leaks";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { readJson, toErrorResponse, NO_STORE, validationFailed, rateLimited } from "@/lib/http/errors";
import { rateLimitHeaders, recordFailedCheck, ipIsThrottled } from "@/lib/http/rate-limit";
import { fieldErrors, leakReportSchema } from "@/lib/validation/api";

/**
 * POST /api/v1/leaks: public, no key needed (the finder of a leaked key is rarely its owner).
 * Always 202 with the same body for a well-formed report, so it cannot be used to test
 * whether a key exists. (A report of a live key takes a little longer, but whoever holds a
 * live key can learn that it works from any API call: timing reveals nothing new.) Reports
 * count against the reporter IP's failed-check budget.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const ip = clientIp(request.headers, env().TRUSTED_PROXY_HOPS);
    const throttled = await ipIsThrottled(ip ?? "unknown");
    if (throttled) throw rateLimited(rateLimitHeaders(throttled));
    const parsed = leakReportSchema.safeParse(await readJson(request));
    if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
    // Each candidate may cost a lookup: each one counts against the reporter's budget.
    const verdict = await recordFailedCheck(ip ?? "unknown", parsed.data.keys.length);
    if (!verdict.ok) throw rateLimited(rateLimitHeaders(verdict));
    await reportLeakedKeys(parsed.data.keys, ip);
    return Response.json({ received: parsed.data.keys.length }, { status: 202, headers: NO_STORE });
  } catch (error) {
    return toErrorResponse(error);
  }
}

