/**
 * The headers every response carries. Pages get a nonce-based Content-Security-Policy from
 * proxy.ts (a fresh nonce per request; Next puts it on its own scripts); API responses, which
 * are never rendered as documents, get the strictest policy there is from next.config.js.
 */
export function pageCsp(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    // No 'unsafe-inline' for scripts: only scripts carrying this request's nonce, and what they load.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Toasts and React set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// Also in next.config.js for API responses; e2e/security-headers.spec.ts asserts both.
export const HSTS = "max-age=63072000; includeSubDomains";

/** Over HTTPS, directly or behind a proxy that says so. Over plain HTTP browsers ignore HSTS anyway. */
export const isHttps = (protocol: string, forwardedProto: string | null) =>
  protocol === "https:" || forwardedProto?.split(",")[0]?.trim() === "https";
