import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { deviceIdFrom } from "@/lib/http/device";
import { createSession, endSession, findLiveSession, SESSION_MAX_AGE_SECONDS } from "@/lib/dal/sessions";
import { answerSecondFactorChallenge, createSecondFactorChallenge } from "@/lib/dal/two-factor-challenge";
import { hasAuthenticatorApp } from "@/lib/dal/two-factor";
import { verifyPasskeySignIn } from "@/lib/dal/passkeys";
import { authenticate, type SessionUser } from "@/lib/dal/users";
import { clientIp } from "@/lib/http/client-ip";
import { reservePasskeySignIn, reserveSignIn } from "@/lib/limits/rate-limit";
import { env } from "@/lib/env";
import { signInSchema } from "@/lib/validation/auth";
import { secondFactorSignInSchema } from "@/lib/validation/two-factor";
import { passkeySignInSchema } from "@/lib/validation/passkeys";

/** Where a sign-in lands when it names no place, or a place on another site. */
export const SIGNED_IN_HOME = "/settings/api-keys";

/**
 * Thrown by the jwt callback for a token whose session has ended (signed out, signed out
 * everywhere, password changed, expired). next-auth then answers an empty session and clears
 * the cookie; it is not an error worth a log line.
 */
class SessionEnded extends Error {}

/**
 * next-auth's redirect callback: only this site. Relative paths and absolute URLs alike are
 * resolved with the URL parser and kept only if their origin is the base URL's; anything else,
 * including what does not parse (`http://127.0.0.1:3000.evil.example/`, which made next-auth's
 * default callback throw and the route answer 500), goes to SIGNED_IN_HOME. Control characters
 * and backslashes are refused first: browsers drop or rewrite them ("/\t/evil" -> "//evil").
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  const fallback = new URL(SIGNED_IN_HOME, base).href;
  if (/[\x00-\x20\x7f\\]/.test(url)) return fallback;
  try {
    const target = new URL(url, base);
    return target.origin === base.origin ? target.href : fallback;
  } catch {
    return fallback;
  }
}

type SignedIn = SessionUser & { sid: string };
type RequestLike = { headers?: Record<string, unknown> } | undefined;

/** The client's address and user agent, as the session row records them. */
function clientOf(req: RequestLike) {
  const forwarded = req?.headers?.["x-forwarded-for"];
  const ip = clientIp(new Headers(forwarded ? { "x-forwarded-for": String(forwarded) } : {}), env().TRUSTED_PROXY_HOPS);
  const userAgent = req?.headers?.["user-agent"];
  const cookie = req?.headers?.cookie;
  return { ip, userAgent: typeof userAgent === "string" ? userAgent : null, device: deviceIdFrom(typeof cookie === "string" ? cookie : null) };
}

export const authOptions: NextAuthOptions = {
  // A getter: read when next-auth needs it, not when `next build` imports this module
  // (a fresh clone has no .env at build time).
  get secret() {
    return env().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req): Promise<SignedIn | null> {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const client = clientOf(req);
        // The budget is spent before the password is checked, so parallel guesses cannot all
        // get through while the counters still read zero. The same answers whether or not
        // the account exists, and with the same work: no lookup that only an existing account
        // would make (a database query here made wrong passwords measurably slower than
        // unknown emails).
        const attempt = await reserveSignIn(email, client.ip ?? "unknown");
        if (!attempt.ok) throw new Error(`throttled:${attempt.waitSeconds}`);
        const user = await authenticate(email, password);
        await attempt.settle(user !== null);
        if (!user) return null;
        // Two-factor on: a right password alone never makes a session. The browser gets a
        // challenge to answer with a code through the "second-factor" provider below. (Only
        // someone who knows the password learns that the account has two-factor.)
        if (await hasAuthenticatorApp(user.id)) throw new Error(`second_factor:${await createSecondFactorChallenge(user.id)}`);
        return { ...user, sid: await createSession(user.id, client, "password") };
      },
    }),
    CredentialsProvider({
      id: "second-factor",
      name: "Two-factor code",
      credentials: { challenge: { type: "text" }, code: { type: "text" } },
      async authorize(credentials, req): Promise<SignedIn | null> {
        const parsed = secondFactorSignInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        // The challenge counts its tries and ends after the fifth; the code check spends the
        // account's second-factor budget (lib/limits/rate-limit.ts) and is single-use.
        const answer = await answerSecondFactorChallenge(parsed.data.challenge, parsed.data.code);
        if (!answer.ok) {
          if (answer.reason === "throttled") throw new Error(`throttled:${answer.waitSeconds}`);
          if (answer.reason === "expired") throw new Error("second_factor_expired");
          return null;
        }
        const method = answer.method === "totp" ? "password+totp" : "password+backup_code";
        return { ...answer.user, sid: await createSession(answer.user.id, clientOf(req), method) };
      },
    }),
    // A passkey signs in without a password (app/(auth)/sign-in/_components/passkey-sign-in.tsx):
    // the browser's assertion against a challenge from POST /api/auth/passkey/options.
    CredentialsProvider({
      id: "passkey",
      name: "Passkey",
      credentials: { challengeId: { type: "text" }, response: { type: "text" } },
      async authorize(credentials, req): Promise<SignedIn | null> {
        const parsed = passkeySignInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const client = clientOf(req);
        // Spent before the signature is checked, given back when it verifies (as for passwords).
        const attempt = await reservePasskeySignIn(client.ip ?? "unknown");
        if (!attempt.ok) throw new Error(`throttled:${attempt.waitSeconds}`);
        const user = await verifyPasskeySignIn(parsed.data.challengeId, parsed.data.response);
        await attempt.settle(user !== null);
        if (!user) return null;
        return { ...user, sid: await createSession(user.id, client, "passkey") };
      },
    }),
  ],
  callbacks: {
    // The token carries the user id, the session version and the session row's id. After
    // sign-in, every use of it (pages, actions, GET /api/auth/session) needs the row and the
    // version to be current, so a signed-out or copied-then-revoked cookie yields no session.
    async jwt({ token, user }) {
      if (user) {
        const signedIn = user as SignedIn;
        return { ...token, sub: signedIn.id, sv: signedIn.sessionVersion, sid: signedIn.sid };
      }
      const { sub, sv, sid } = token;
      if (typeof sub !== "string" || typeof sv !== "number" || typeof sid !== "string" || !(await findLiveSession(sid, sub, sv))) {
        throw new SessionEnded("session ended");
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, uid: token.sub, sv: token.sv, sid: token.sid };
    },
    async redirect({ url, baseUrl }) {
      return sameOriginRedirect(url, baseUrl);
    },
  },
  events: {
    // "Sign out" deletes the row: the cookie, and every copy of it, stops working at once.
    async signOut({ token }) {
      if (typeof token?.sid === "string" && typeof token.sub === "string") await endSession(token.sid, token.sub);
    },
  },
  logger: {
    error(code, metadata) {
      if (code === "JWT_SESSION_ERROR" && metadata instanceof SessionEnded) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
  },
};
