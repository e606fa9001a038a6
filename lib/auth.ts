import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authenticate } from "@/lib/dal/users";
import { clientIp } from "@/lib/http/client-ip";
import { clearSignInFailures, recordSignInFailure, signInWait } from "@/lib/http/rate-limit";
import { env } from "@/lib/env";
import { signInSchema } from "@/lib/validation/auth";

export const authOptions: NextAuthOptions = {
  // A getter: read when next-auth needs it, not when `next build` imports this module
  // (a fresh clone has no .env at build time).
  get secret() {
    return env().NEXTAUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const forwarded = req?.headers?.["x-forwarded-for"];
        const ip = clientIp(new Headers(forwarded ? { "x-forwarded-for": String(forwarded) } : {}), env().TRUSTED_PROXY_HOPS) ?? "unknown";
        // Throttled per account and per IP, checked before the password so guessing stops
        // costing us argon2 time too. The same answer whether or not the account exists.
        const wait = await signInWait(email, ip);
        if (wait > 0) throw new Error(`throttled:${wait}`);
        const user = await authenticate(email, password);
        if (!user) {
          await recordSignInFailure(email, ip);
          return null;
        }
        await clearSignInFailures(email);
        return { id: user.id, name: user.name, email: user.email, sessionVersion: user.sessionVersion };
      },
    }),
  ],
  callbacks: {
    // The token carries the user id and the session version it was issued under; pages
    // compare that version with the database (lib/session.ts) on every request.
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, uid: token.sub, sv: token.sv };
    },
  },
};
