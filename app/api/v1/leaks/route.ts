import { reportLeakedKeys } from "@/lib/dal/leaks";
import { env } from "@/lib/env";
import { readBoundedJson } from "@/lib/http/bounded-body";
import { clientIp } from "@/lib/http/client-ip";
import { NO_STORE, rateLimited, toErrorResponse, validationFailed } from "@/lib/http/errors";
import { ipIsThrottled, rateLimitHeaders, recordFailedCheck } from "@/lib/limits/rate-limit";
import { fieldErrors, leakReportSchema } from "@/lib/validation/api";

/** 100 keys of ~60 characters fit many times over; anything larger is not a leak report. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * POST /api/v1/leaks: public, no key needed (the finder of a leaked key is rarely its owner).
 * Always 202 with the same body for a well-formed report, so it cannot be used to test
 * whether a key exists. (A report of a live key takes a little longer, but whoever holds a
 * live key can learn that it works from any API call: timing reveals nothing new.)
 *
 * Anyone can call it, so it is built to cost its caller, not us: the reporter's address spends
 * one point of its failed-check budget before the body is even read, and one more per extra
 * reported string before any lookup; the body must be JSON and at most 64 KB (415 / 413,
 * never buffered past the cap).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const ip = clientIp(request.headers, env().TRUSTED_PROXY_HOPS);
    const client = ip ?? "unknown";
    const throttled = await ipIsThrottled(client);
    if (throttled) throw rateLimited(rateLimitHeaders(throttled));
    const spent = await recordFailedCheck(client);
    if (!spent.ok) throw rateLimited(rateLimitHeaders(spent));
    const parsed = leakReportSchema.safeParse(await readBoundedJson(request, MAX_BODY_BYTES));
    if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
    // Each candidate may cost a lookup: each one beyond the first counts too.
    if (parsed.data.keys.length > 1) {
      const verdict = await recordFailedCheck(client, parsed.data.keys.length - 1);
      if (!verdict.ok) throw rateLimited(rateLimitHeaders(verdict));
    }
    await reportLeakedKeys(parsed.data.keys, ip);
    return Response.json({ received: parsed.data.keys.length }, { status: 202, headers: NO_STORE });
  } catch (error) {
    return toErrorResponse(error);
  }
}
