import "server-only";
import { isIP } from "node:net";

/**
 * Who we are to a WebAuthn authenticator: the relying party (RP). A passkey is bound to its RP
 * ID (a domain) and every assertion names the page's origin, so both come from configuration:
 * NEXTAUTH_URL, the app's public URL. The request's Host only ever *selects* among the entries
 * built from it, never adds one, so a forged Host cannot make us accept another site's
 * ceremony.
 *
 * Browsers refuse an IP address as an RP ID, so an instance configured as http://127.0.0.1:port
 * (the e2e server, a quick local start) cannot offer passkeys at that address. For a loopback
 * NEXTAUTH_URL we therefore also accept "localhost" on the same scheme and port: the same
 * machine, a secure context for browsers, and a valid RP ID. Nothing else is added, so a
 * public deployment accepts exactly its own origin.
 */
export const RP_NAME = "Latchkey";

export type RelyingParty = { rpID: string; origin: string };

const isLoopback = (hostname: string) => hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
// URL.hostname keeps IPv6 brackets; net.isIP does not want them.
const isIPAddress = (hostname: string) => isIP(hostname.replace(/^\[|\]$/g, "")) !== 0;

/** The relying parties this instance answers for, the configured one first; [] without NEXTAUTH_URL. */
export function relyingParties(publicUrl = process.env.NEXTAUTH_URL): RelyingParty[] {
  // lib/env.ts does not carry NEXTAUTH_URL (next-auth and proxy.ts read it directly), so neither can this.
  if (!publicUrl) return [];
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return [];
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return [];
  const parties: RelyingParty[] = [];
  if (!isIPAddress(url.hostname)) parties.push({ rpID: url.hostname, origin: url.origin });
  if (isLoopback(url.hostname) && url.hostname !== "localhost") {
    parties.push({ rpID: "localhost", origin: `${url.protocol}//localhost${url.port ? `:${url.port}` : ""}` });
  }
  return parties;
}

/**
 * The relying party for a ceremony the browser starts from `host` (the request's Host, or
 * X-Forwarded-Host): the entry whose origin has that host, else the configured one (behind a
 * proxy that rewrites Host), else null: passkeys cannot work at this address (an IP address).
 */
export function relyingPartyFor(host: string | null, publicUrl = process.env.NEXTAUTH_URL): RelyingParty | null {
  const parties = relyingParties(publicUrl);
  const wanted = host?.trim().toLowerCase();
  const matching = wanted ? parties.find((party) => new URL(party.origin).host === wanted) : undefined;
  if (matching) return matching;
  // The request came to an address we have no RP for. If that address is the configured one
  // (an IP), there is none to offer; otherwise Host was rewritten by a proxy: use the public URL.
  const configuredHost = publicUrl ? safeHost(publicUrl) : null;
  if (wanted && configuredHost === wanted) return null;
  return parties[0] ?? null;
}

const safeHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

/** The host a browser sent this request to (X-Forwarded-Host first, as lib/http/same-origin.ts). */
export const requestHost = (headers: Headers): string | null => headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");

/** What a response must match: any configured origin, any configured RP ID (the browser ties the two). */
export function expectedParties(): { origins: string[]; rpIDs: string[] } {
  const parties = relyingParties();
  return { origins: parties.map((p) => p.origin), rpIDs: [...new Set(parties.map((p) => p.rpID))] };
}
