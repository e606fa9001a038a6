import { relyingPartyFor, requestHost } from "@/lib/auth/webauthn";
import { passkeySignInOptions } from "@/lib/dal/passkeys";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/http/client-ip";
import { ApiError, errorResponse, NO_STORE, rateLimited, toErrorResponse } from "@/lib/http/errors";
import { consumePasskeyChallenge, rateLimitHeaders } from "@/lib/limits/rate-limit";

/**
 * POST /api/auth/passkey/options: a challenge for a passwordless passkey sign-in. Public (no
 * session yet), so it takes nothing from the body, counts against the client's address (each
 * call stores a challenge row for 5 minutes), and is a POST: proxy.ts refuses it from another
 * site's page (the Origin check on /api/auth). The answer is the browser's
 * PublicKeyCredentialRequestOptions and the challenge's id, which the "passkey" next-auth
 * provider (lib/auth.ts) takes back with the signed response.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const ip = clientIp(request.headers, env().TRUSTED_PROXY_HOPS) ?? "unknown";
    const verdict = await consumePasskeyChallenge(ip);
    if (!verdict.ok) return errorResponse(rateLimited(rateLimitHeaders(verdict)));
    const rp = relyingPartyFor(requestHost(request.headers));
    if (!rp) {
      return errorResponse(new ApiError(409, "passkeys_unavailable", "Passkeys need this site opened at its domain name, not an IP address."));
    }
    const { challengeId, options } = await passkeySignInOptions(rp);
    return Response.json({ challengeId, options }, { headers: NO_STORE });
  } catch (error) {
    return toErrorResponse(error);
  }
}
