import "server-only";
import { z } from "zod";

/**
 * The only reader of process.env. Parsed on first use rather than at import, so `next build`
 * can load modules without a full production environment.
 */
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql://")
    .default("file:./prisma/dev.db"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (run npm start once to generate one)"),
  KEY_PEPPER: z.string().min(32, "must be at least 32 characters (run npm start once to generate one)"),
  MAX_ACTIVE_KEYS: z.coerce.number().int().min(1).max(1000).default(5),
  LAST_USED_FLUSH_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // How long another instance may keep serving a key this one revoked (0 disables the cache).
  KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  // Rate limits live in memory by default, in Redis when set (shared by every instance).
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional(),
  // Failed API key checks allowed per client IP per minute before that IP gets 429s.
  FAILED_AUTH_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  // Sign-in throttling (lib/limits/rate-limit.ts, reserveSignIn): free failures per email and
  // address, and per email from addresses it never signed in from (15 minutes); failures per
  // client IP across emails (15 minutes); the first wait once an address's free failures are
  // used up, doubling after each further failure.
  SIGN_IN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(10),
  SIGN_IN_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  SIGN_IN_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Sign-ups per client IP per hour.
  SIGN_UPS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(20),
  // API keys one user may create or roll per hour (the active-key limit bounds how many
  // exist; this bounds churn: create, revoke, create again).
  KEY_CREATES_PER_USER_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  // Stored credentials: "id:base64key,..." and the id new values are sealed with. Checked
  // where they are used (lib/crypto/key-ring.ts), so the rest of the app runs without them.
  ENCRYPTION_KEYS: z.string().optional(),
  ENCRYPTION_KEY_ID: z.string().optional(),
  MAX_CREDENTIALS: z.coerce.number().int().min(1).max(1000).default(10),
  MAX_WEBHOOKS: z.coerce.number().int().min(1).max(1000).default(10),
  // The plan of new workspaces (lib/dal/plans.ts). "default" keeps the MAX_* limits above.
  DEFAULT_PLAN: z.enum(["default", "starter", "lite", "plus", "agency"]).default("default"),
  // Webhooks never reach loopback, private, link-local or metadata addresses unless this is
  // "true" (for a receiver on your own network, or tests with one on 127.0.0.1).
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  // Attempts per delivery; the wait after attempt n is WEBHOOK_RETRY_BASE_MS * 4^(n-1), at most 12 h.
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // How often each instance looks for due deliveries (events from its own requests go at once).
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2_000),
  // "Send test event" clicks one user may make per minute (each one is an outbound request).
  TEST_EVENTS_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
  // "Test connection" clicks one user may make per minute (each one is a request to the service).
  CONNECTION_TESTS_PER_USER_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
  // TEST-ONLY. Sends every "Test connection" request to this origin instead of the service's API
  // (the path stays the catalogue's), so tests reach a stand-in server and never the internet.
  // Only a loopback origin is accepted (http://127.0.0.1:<port>, localhost or [::1]), so a
  // misconfigured production cannot send credentials elsewhere; it still needs
  // WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to pass the address policy. Never set it in production.
  LATCHKEY_SERVICE_BASE_URL_OVERRIDE: z
    .string()
    .regex(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}\/?$/, "must be a loopback origin such as http://127.0.0.1:4010 (test-only)")
    .optional(),
  // Days kept before lib/dal/retention.ts deletes them: finished webhook deliveries (with their
  // attempts), security-log events, and daily usage rows (at least the 30 days the charts show).
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  USAGE_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(400),
  // How often each instance prunes (with up to 10% jitter either way).
  RETENTION_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  // Hours an invitation link works (lib/dal/invitations.ts); renewing a link starts it again.
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  // Mail (lib/mail): an SMTP URL (smtp://user:pass@host:587, smtps://...) and the From address.
  // Unset: every message is written to the server log instead, and every flow still works by link.
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).max(200).default("Latchkey <no-reply@latchkey.local>"),
  // An unverified account cannot create keys or accept invitations. Default: on when SMTP_URL is set.
  REQUIRE_EMAIL_VERIFICATION: z.enum(["true", "false"]).optional().transform((v) => (v === undefined ? undefined : v === "true")),
  // Instance admins, comma-separated emails (lower-cased when read): `npm run admin -- reset-link <email>`.
  LATCHKEY_ADMIN_EMAILS: z.string().default("").transform((v) => v.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)),
  // The public URL (next-auth reads it itself); lib/mail builds the links in mail from its origin.
  NEXTAUTH_URL: z.string().optional(),
  // Minutes a re-authentication ("sudo mode") allows sensitive actions for.
  SUDO_MINUTES: z.coerce.number().int().min(1).max(120).default(10),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const fields = Object.entries(z.flattenError(parsed.error).fieldErrors)
      .map(([name, messages]) => `  ${name}: ${messages?.join(", ")}`)
      .join("\n");
    // Names and rules only: never echo a value, it may be a secret.
    throw new Error(`Invalid environment:\n${fields}`);
  }
  cached = parsed.data;
  return cached;
}

/** REQUIRE_EMAIL_VERIFICATION, or by default whether mail can reach anyone (SMTP_URL set). */
export const emailVerificationRequired = (e: Env = env()) => e.REQUIRE_EMAIL_VERIFICATION ?? e.SMTP_URL !== undefined;

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);
