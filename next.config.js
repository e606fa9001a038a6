// HSTS is also in lib/http/security-headers.ts (for pages, set by proxy.ts); the e2e test
// asserts the same value on both.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const HSTS = "max-age=63072000; includeSubDomains";

const everywhere = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Do not advertise the framework.
  poweredByHeader: false,
  // Native addons are loaded from node_modules at run time, not bundled.
  // rate-limiter-flexible too: one copy of the library in the process, so a limiter made by one
  // route and refused in another is still recognised as a refusal (lib/limits/rate-limit.ts).
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "pg", "rate-limiter-flexible"],
  async headers() {
    return [
      { source: "/:path*", headers: everywhere },
      // Pages get a nonce-based policy from proxy.ts; API answers are data, never documents.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }, { key: "Cache-Control", value: "no-store" }] },
      { source: "/api/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [{ key: "Strict-Transport-Security", value: HSTS }] },
    ];
  },
};

export default nextConfig;
