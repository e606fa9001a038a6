/**
 * The hosts a credential may be sent to. Pure (no I/O), shared by the form's schema, the DAL
 * when a webhook is saved, and the delivery worker at every send.
 *
 * Why it exists: a credential shared for *use* must not become readable by pointing a webhook
 * at one's own server. So each credential names the hosts it is for, and a call to any other
 * host never carries it.
 *
 * A pattern is an exact host (`api.stripe.com`, an IPv4 address, `[::1]`) or a wildcard over
 * the subdomains of a domain of at least two labels (`*.example.com` matches `a.example.com`
 * and `a.b.example.com`, never `example.com` itself nor `evil-example.com`). Hosts compare in
 * their ASCII form (IDN as punycode), case-folded, without a trailing dot. Ports are not part
 * of a pattern: a host's owner owns all its ports.
 */

export const MAX_HOST_PATTERNS = 20;

/** The canonical ASCII form of a host as URL.hostname gives it, or null when it is not a bare host. */
function canonicalHost(raw: string): string | null {
  if (!raw || /[\s/\\?#@]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(`http://${raw}`);
  } catch {
    return null;
  }
  // "host:443" or anything that is not only a host comes back different: refuse it rather than guess.
  if (url.port || url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
  const host = url.hostname.replace(/\.$/, "");
  if (!host || host.includes("*")) return null;
  return host;
}

export type ParsedHosts = { ok: true; patterns: string[] } | { ok: false; error: string };

/**
 * Parses what a person typed: patterns separated by line breaks, commas or spaces. Each is
 * returned canonical (lower-case, punycode, no trailing dot), without duplicates.
 */
export function parseHostPatterns(text: string): ParsedHosts {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return { ok: false, error: "Enter at least one host this credential may be sent to, such as api.example.com." };
  if (entries.length > MAX_HOST_PATTERNS) return { ok: false, error: `Enter at most ${MAX_HOST_PATTERNS} hosts.` };
  const patterns: string[] = [];
  for (const entry of entries) {
    const wildcard = entry.startsWith("*.");
    const host = canonicalHost(wildcard ? entry.slice(2) : entry);
    if (!host) return { ok: false, error: `“${entry.slice(0, 100)}” is not a host. Enter a host such as api.example.com or *.example.com, without https:// or a path.` };
    if (wildcard && (host.startsWith("[") || /^[\d.]+$/.test(host) || !host.includes("."))) {
      return { ok: false, error: `“${entry.slice(0, 100)}” is too broad: a wildcard needs a domain of at least two parts, such as *.example.com.` };
    }
    const pattern = wildcard ? `*.${host}` : host;
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  return { ok: true, patterns };
}

/** The stored form (one pattern per line) back to a list; what is stored was parsed on the way in. */
export const storedHosts = (stored: string) => stored.split("\n").filter(Boolean);

/**
 * Whether a call to `url` may carry a credential limited to `patterns`. Only http(s) URLs;
 * the host is what the URL parser says it is, so `https://api.stripe.com@evil.com` is evil.com.
 */
export function hostAllowed(url: string | URL, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return false;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  if (!host) return false;
  return patterns.some((pattern) => {
    if (!pattern.startsWith("*.")) return host === pattern;
    const domain = pattern.slice(1); // ".example.com"
    return host.length > domain.length && host.endsWith(domain);
  });
}
